package io.microsys.sso.provider.profile;

import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.outbox.Outbox;
import io.microsys.sso.provider.outbox.OutboxProperties;
import io.microsys.sso.provider.settings.Links;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.SecondFactors;

/**
 * Requests for a password reset link. A request is stored in the {@link Outbox} (with its own
 * limit of waiting requests, so a flood of sign-ups cannot turn it away) and done after the
 * answer: whether an account matched (and the link and email that follow) does not change how
 * long the answer takes, and a restart does not lose it. Each request ends in a
 * {@link PasswordResetRequested} event, a wrong second factor on the link in a
 * {@link PasswordResetFailed}.
 */
@Service
public class PasswordResets {

	/** The outbox kind of a reset request. */
	static final String KIND = "password-reset";

	private final UserRepository users;

	private final LinkTokens links;

	private final Mailer mailer;

	private final ApplicationEventPublisher events;

	private final LoginThrottle throttle;

	private final SecondFactors secondFactors;

	private final PasswordResetProperties settings;

	private final Links pages;

	private final Outbox outbox;

	PasswordResets(UserRepository users, LinkTokens links, Mailer mailer, ApplicationEventPublisher events,
			PasswordResetProperties settings, OutboxProperties outboxProperties,
			Outbox outbox, LoginThrottle throttle, SecondFactors secondFactors, Links pages) {
		this.pages = pages;
		this.users = users;
		this.links = links;
		this.mailer = mailer;
		this.events = events;
		this.throttle = throttle;
		this.secondFactors = secondFactors;
		this.settings = settings;
		this.outbox = outbox;
		outbox.register(new Outbox.Kind(KIND, outboxProperties.getPasswordResetMaxPending(), 1),
				(fields) -> sendLink(fields.get(0), new AuditService.Origin(fields.get(1), fields.get(2))));
	}

	/**
	 * Stores a request for a link to the account named by {@code typed} (a username or an email
	 * address), unless {@code address} asked for too many emails lately (counted for every
	 * request, known account or not, so that the limit tells nothing either; the answer is the
	 * same); false, and nothing stored, when too many requests are waiting.
	 */
	boolean request(String typed, String address) {
		if (!this.throttle.mayMail(address)) {
			this.events.publishEvent(new PasswordResetRequested(null, typed, "address_throttled", null));
			return true;
		}
		AuditService.Origin origin = AuditService.Origin.ofCurrentRequest();
		if (!this.outbox.enqueue(KIND, null, typed, origin.ip(), origin.userAgent())) {
			this.events.publishEvent(new PasswordResetRequested(null, typed, "busy", null));
			return false;
		}
		return true;
	}

	/** Checks the second factor a reset link asks of an account that has one; a wrong code is recorded. */
	SecondFactors.Check checkCode(SsoUser user, String code, String address) {
		SecondFactors.Check check = this.secondFactors.check(user.getUuid(), user.getId(), code, false, address);
		if (check.block().isEmpty() && check.factor().isEmpty()) {
			this.events.publishEvent(new PasswordResetFailed(user.getUuid(), user.getUsername()));
		}
		return check;
	}

	/** What came of a link staff asked to send. */
	public enum StaffLink {

		/** Mailed. */
		SENT,
		/** A link was sent to this person moments ago; none sent now. */
		COOLDOWN,
		/** The person has no email address, no password or is not active. */
		NOT_POSSIBLE

	}

	/**
	 * Mails a reset link to this person at once, as staff asked (the caller checked and records
	 * it); the same link, mail and cool-down as a link the person asks for.
	 */
	public StaffLink sendByStaff(SsoUser user) {
		if (user.getStatus() != UserStatus.ACTIVE || user.getEmail() == null) {
			return StaffLink.NOT_POSSIBLE;
		}
		Optional<String> token = this.links.issue(LinkTokens.Purpose.PASSWORD_RESET, user.getId(), null,
				this.settings.getLinkTtl(), this.settings.getCooldown());
		if (token.isEmpty()) {
			return StaffLink.COOLDOWN;
		}
		mail(user, token.get());
		return StaffLink.SENT;
	}

	private void mail(SsoUser user, String token) {
		this.mailer.send(user.getEmail(), user.getLanguage(), "password-reset",
				Map.of("name", user.getDisplayName(), "link", this.pages.passwordReset(token), "minutes",
						this.settings.getLinkTtl().toMinutes()),
				this.settings.getLinkTtl());
	}

	/** Looks the account up and mails its link, from the outbox. */
	private void sendLink(String typed, AuditService.Origin origin) {
		Optional<SsoUser> found = this.users.findByLogin(typed)
			.filter((user) -> user.getStatus() == UserStatus.ACTIVE && user.getEmail() != null
					&& user.getPasswordHash() != null);
		if (found.isEmpty()) {
			this.events.publishEvent(new PasswordResetRequested(null, typed, "unknown_account", origin));
			return;
		}
		SsoUser user = found.get();
		Optional<String> token = this.links.issue(LinkTokens.Purpose.PASSWORD_RESET, user.getId(), null,
				this.settings.getLinkTtl(), this.settings.getCooldown());
		if (token.isEmpty()) {
			this.events.publishEvent(new PasswordResetRequested(user.getUuid(), user.getUsername(), "cooldown", origin));
			return;
		}
		this.events.publishEvent(new PasswordResetRequested(user.getUuid(), user.getUsername(), null, origin));
		mail(user, token.get());
	}

	/** The account a reset link was sent to, while the link is still valid. */
	@Transactional(readOnly = true)
	public Optional<SsoUser> holder(String token) {
		return this.links.find(LinkTokens.Purpose.PASSWORD_RESET, token)
			.flatMap((link) -> this.users.findById(link.userId()));
	}

}
