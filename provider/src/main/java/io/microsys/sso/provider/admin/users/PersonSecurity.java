package io.microsys.sso.provider.admin.users;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.CurrentPassword;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.profile.PasswordResets;
import io.microsys.sso.provider.profile.Passwords;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.BackupCodes;
import io.microsys.sso.provider.twofactor.EmailCodes;
import io.microsys.sso.provider.twofactor.SecondFactors;
import io.microsys.sso.provider.twofactor.TotpStore;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * A person's sign-in and security as staff see and change it: two-step state, sign-in throttle,
 * signed-in devices, and the staff actions (a reset link, a temporary password, resetting two-step
 * verification, unblocking, ending sessions). Every action finds the person through the policy
 * ({@code users.change}; a staff member needs {@code manage_staff}; a hidden person is a 404),
 * then, in the console, checks the actor's current password (counted like any other wrong
 * password), then acts and publishes a {@link PersonActedOn}. A refused check changes nothing.
 * The admin API calls the same actions without the password step: its caller has no password,
 * the bearer token is the credential (as in Keycloak's admin API); the policy and the activity log
 * are the same.
 */
@Service
public class PersonSecurity {

	/** The field of the actor's current password in every action form. */
	static final String PASSWORD_FIELD = "currentPassword";

	private final TargetPeople people;

	private final AdminPolicy policy;

	private final CurrentPassword currentPassword;

	private final Passwords passwords;

	private final PasswordResets resets;

	private final SecondFactors secondFactors;

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final BackupCodes backupCodes;

	private final TrustedBrowsers trustedBrowsers;

	private final LoginThrottle throttle;

	private final SignedInDevices devices;

	private final ProviderSessionEnd sessionEnd;

	private final ApplicationEventPublisher events;

	PersonSecurity(TargetPeople people, AdminPolicy policy, CurrentPassword currentPassword, Passwords passwords,
			PasswordResets resets, SecondFactors secondFactors, TotpStore totp, EmailCodes emailCodes,
			BackupCodes backupCodes, TrustedBrowsers trustedBrowsers, LoginThrottle throttle, SignedInDevices devices,
			ProviderSessionEnd sessionEnd, ApplicationEventPublisher events) {
		this.people = people;
		this.policy = policy;
		this.currentPassword = currentPassword;
		this.passwords = passwords;
		this.resets = resets;
		this.secondFactors = secondFactors;
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.backupCodes = backupCodes;
		this.trustedBrowsers = trustedBrowsers;
		this.throttle = throttle;
		this.devices = devices;
		this.sessionEnd = sessionEnd;
		this.events = events;
	}

	/**
	 * The page's content, when the actor may do {@code action} to the person ({@code VIEW} to open
	 * it, {@code CHANGE} to show it again after a refused action); a hidden person is a 404.
	 */
	public SecurityView view(Actor actor, String uuid, Action action) {
		SsoUser person = this.people.require(actor, action, uuid);
		long id = person.getId();
		List<DeviceRow> rows = this.devices.list(person.getUuid(), null).stream().map(DeviceRow::of).toList();
		return new SecurityView(person, this.totp.isEnrolled(id), this.emailCodes.isEnabled(id),
				this.backupCodes.remaining(id), this.trustedBrowsers.list(id),
				this.throttle.accountState(person.getUuid(), person.getUsername(), person.getEmail()), rows,
				this.policy.mayAct(actor, Action.CHANGE, TargetPeople.target(person)).isAllowed());
	}

	/**
	 * The person's signed-in devices, when the actor may view them; a hidden person is a 404.
	 */
	public List<SignedInDevices.View> sessions(Actor actor, String uuid) {
		SsoUser person = this.people.require(actor, Action.VIEW, uuid);
		return this.devices.list(person.getUuid(), null);
	}

	/** Mails the person a password-reset link. */
	public Outcome sendResetLink(Actor actor, String uuid, String password, HttpServletRequest request) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Outcome refused = checkPassword(actor, password, "staff_reset_link", request);
		return (refused != null) ? refused : sendResetLink(actor, person);
	}

	/** Mails the person a password-reset link (the admin API: no password step). */
	public Outcome sendResetLink(Actor actor, String uuid) {
		return sendResetLink(actor, this.people.require(actor, Action.CHANGE, uuid));
	}

	private Outcome sendResetLink(Actor actor, SsoUser person) {
		PasswordResets.StaffLink sent = this.resets.sendByStaff(person);
		String reason = sent.name().toLowerCase(java.util.Locale.ROOT);
		publish(AuditEventType.STAFF_PASSWORD_RESET_SENT, actor, person, reason, null, Changes.none());
		return switch (sent) {
			case SENT -> Outcome.done("person.security.resetLink.sent");
			case COOLDOWN -> Outcome.problem("person.security.resetLink.cooldown");
			case NOT_POSSIBLE -> Outcome.problem("person.security.resetLink.impossible");
		};
	}

	/**
	 * Sets a temporary password (checked by the password policy) that the person must replace at
	 * their next sign-in; every session of theirs ends.
	 */
	public Outcome setTemporaryPassword(Actor actor, String uuid, String password, String temporary,
			HttpServletRequest request) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Outcome refused = checkPassword(actor, password, "staff_temporary_password", request);
		if (refused != null) {
			return refused;
		}
		java.util.Optional<String> problem = this.passwords.problem(person, temporary);
		if (problem.isPresent()) {
			return Outcome.fieldProblem("temporaryPassword", "password." + problem.get());
		}
		int ended = this.passwords.setTemporary(person, temporary);
		if (ended < 0) {
			return Outcome.problem("person.security.gone");
		}
		publish(AuditEventType.TEMPORARY_PASSWORD_SET, actor, person, null, ended + " session(s) ended",
				Changes.none().secret("password").field("password_change_required", person.isPasswordChangeRequired(), true));
		return Outcome.done("person.security.temporary.done");
	}

	/** Removes every second factor, backup code and trusted browser of the person. */
	public Outcome resetTwoStep(Actor actor, String uuid, String password, HttpServletRequest request) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Outcome refused = checkPassword(actor, password, "staff_reset_two_step", request);
		return (refused != null) ? refused : resetTwoStep(actor, person);
	}

	/** Removes every second factor, backup code and trusted browser of the person (the admin API). */
	public Outcome resetTwoStep(Actor actor, String uuid) {
		return resetTwoStep(actor, this.people.require(actor, Action.CHANGE, uuid));
	}

	private Outcome resetTwoStep(Actor actor, SsoUser person) {
		boolean before = this.secondFactors.isEnrolled(person.getId());
		this.secondFactors.removeAll(person.getId());
		publish(AuditEventType.TWO_FACTOR_RESET, actor, person, null, null,
				Changes.none().field("two_step", before ? "on" : "off", "off"));
		return Outcome.done("person.security.twoStep.done");
	}

	/** Forgets the failures and blocks on the person's names and codes. */
	public Outcome unblock(Actor actor, String uuid, String password, HttpServletRequest request) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Outcome refused = checkPassword(actor, password, "staff_unblock", request);
		return (refused != null) ? refused : unblock(actor, person);
	}

	/** Forgets the failures and blocks on the person's names and codes (the admin API). */
	public Outcome unblock(Actor actor, String uuid) {
		return unblock(actor, this.people.require(actor, Action.CHANGE, uuid));
	}

	private Outcome unblock(Actor actor, SsoUser person) {
		LoginThrottle.AccountState before = this.throttle.accountState(person.getUuid(), person.getUsername(),
				person.getEmail());
		int cleared = this.throttle.unblockAccount(person.getUuid(), person.getUsername(), person.getEmail());
		publish(AuditEventType.SIGN_IN_UNBLOCKED, actor, person, null, cleared + " count(s) cleared",
				Changes.none().field("failures", before.failures(), 0)
					.field("blocked_until", before.blockedUntil(), null));
		return Outcome.done("person.security.unblock.done");
	}

	/** Ends one session of the person (its apps are told). */
	public Outcome endSession(Actor actor, String uuid, String handle, String password, HttpServletRequest request) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Outcome refused = checkPassword(actor, password, "staff_end_session", request);
		return (refused != null) ? refused : endSession(actor, person, handle);
	}

	/** Ends one session of the person (the admin API); its apps are told. */
	public Outcome endSession(Actor actor, String uuid, String handle) {
		return endSession(actor, this.people.require(actor, Action.CHANGE, uuid), handle);
	}

	private Outcome endSession(Actor actor, SsoUser person, String handle) {
		if (!this.devices.endFor(person.getUuid(), handle)) {
			return Outcome.problem("person.security.sessions.unknown");
		}
		publish(AuditEventType.SESSIONS_ENDED_BY_STAFF, actor, person, "one", "session " + handle.substring(0, 8),
				Changes.none());
		return Outcome.done("person.security.sessions.endedOne");
	}

	/** Ends every session of the person (their apps are told). */
	public Outcome endAllSessions(Actor actor, String uuid, String password, HttpServletRequest request) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Outcome refused = checkPassword(actor, password, "staff_end_sessions", request);
		return (refused != null) ? refused : endAllSessions(actor, person);
	}

	/** Ends every session of the person (the admin API); their apps are told. */
	public Outcome endAllSessions(Actor actor, String uuid) {
		return endAllSessions(actor, this.people.require(actor, Action.CHANGE, uuid));
	}

	private Outcome endAllSessions(Actor actor, SsoUser person) {
		int ended = this.sessionEnd.endAll(person.getUuid());
		publish(AuditEventType.SESSIONS_ENDED_BY_STAFF, actor, person, "all", ended + " session(s)", Changes.none());
		return Outcome.done("person.security.sessions.endedAll");
	}

	/** The actor's current password; null when right, else the refusal. */
	private Outcome checkPassword(Actor actor, String password, String action, HttpServletRequest request) {
		return switch (this.currentPassword.check(actor.uuid(), actor.username(), password, action, request)) {
			case OK -> null;
			case WRONG -> Outcome.fieldProblem(PASSWORD_FIELD, "guard.wrong");
			case BLOCKED -> Outcome.fieldProblem(PASSWORD_FIELD, "guard.blocked");
		};
	}

	private void publish(AuditEventType type, Actor actor, SsoUser person, String reason, String detail,
			Changes changes) {
		this.events.publishEvent(new PersonActedOn(type, actor, PersonActedOn.Person.of(person), AuditAction.UPDATE,
				null, reason, detail, changes));
	}

}
