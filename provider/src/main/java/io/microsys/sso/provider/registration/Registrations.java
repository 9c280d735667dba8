package io.microsys.sso.provider.registration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.outbox.Outbox;
import io.microsys.sso.provider.outbox.OutboxProperties;
import io.microsys.sso.provider.settings.Links;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RegistrationProperties;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * Public registration. An account starts {@link UserStatus#UNVERIFIED}: nobody proved the address,
 * so signing up again with it replaces the details, and an account never confirmed is deleted
 * after a while. Confirming the address (a single-use link, 24 hours) activates the account or
 * puts it in the approval queue, per the activation mode; a superuser then approves or rejects it.
 * An address that belongs to an account already gets a notice instead, and the person signing up
 * sees the same page, after the same time, either way: the work is done after the answer, from
 * the {@link Outbox}, so an accepted sign-up survives a restart.
 */
@Service
public class Registrations {

	private static final Logger logger = LoggerFactory.getLogger(Registrations.class);

	/** The shortest time between two "someone tried to sign up with your address" notices. */
	static final Duration NOTICE_PERIOD = Duration.ofHours(1);

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final LinkTokens links;

	private final LoginThrottle throttle;

	private final Mailer mailer;

	private final ApplicationEventPublisher events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RegistrationProperties settings;

	private final Links pages;

	private final Usernames usernames;

	/** The outbox kind of an accepted sign-up. */
	static final String SIGNUP = "signup";

	/** The outbox kind of a request for a new verification link. */
	static final String LINK_REQUEST = "registration-link";

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	Registrations(UserRepository users, PasswordEncoder passwordEncoder, LinkTokens links, LoginThrottle throttle,
			Mailer mailer, ApplicationEventPublisher events, JdbcTemplate jdbc, Clock clock,
			RegistrationProperties settings, OutboxProperties outboxProperties,
			Usernames usernames, Outbox outbox,
			PlatformTransactionManager transactionManager, Links pages) {
		this.pages = pages;
		this.usernames = usernames;
		this.outbox = outbox;
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.links = links;
		this.throttle = throttle;
		this.mailer = mailer;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings;
		this.transaction = new TransactionTemplate(transactionManager);
		int waiting = outboxProperties.getSignupMaxPending();
		outbox.register(new Outbox.Kind(SIGNUP, waiting, 1), this::process);
		outbox.register(new Outbox.Kind(LINK_REQUEST, waiting, 1), (fields) -> this.users.findByEmail(fields.get(0))
			.filter((user) -> user.getStatus() == UserStatus.UNVERIFIED)
			.ifPresent(this::sendLink));
	}

	/** What a person typed on the sign-up form, checked already (names trimmed, email valid). */
	public record Applicant(String firstName, String lastName, String email, String username, String password,
			String language) {
	}

	/** What the person signing up is told. */
	public enum Outcome {

		/** "Check your email", whatever the address: the sign-up is processed in the background. */
		ACCEPTED,
		/** The chosen username belongs to an account. */
		USERNAME_TAKEN,
		/** Too many sign-ups are waiting to be processed; nothing was done. */
		BUSY

	}

	/**
	 * Signs a person up. Only the chosen username is checked here (a taken one is said on the form,
	 * whoever has it, so the answer tells nothing about the address); the rest — the password
	 * hash, whether the address has an account, the account and the email — is done from the
	 * outbox (the password encrypted there until it is hashed, then deleted with the item), so the
	 * answer takes the same time whatever the address.
	 */
	public Outcome register(Applicant applicant) {
		if (applicant.username() != null && this.users.usernameTaken(applicant.username())) {
			return Outcome.USERNAME_TAKEN;
		}
		AuditService.Origin origin = AuditService.Origin.ofCurrentRequest();
		if (this.outbox.enqueue(SIGNUP, null, applicant.firstName(), applicant.lastName(), applicant.email(),
				applicant.username(), applicant.password(), applicant.language(), origin.ip(), origin.userAgent())) {
			return Outcome.ACCEPTED;
		}
		this.events.publishEvent(SignUpRefused.of(applicant.email(), "busy"));
		return Outcome.BUSY;
	}

	/** The sign-up itself (see the class description), from the outbox, after its request has been answered. */
	private void process(List<String> fields) {
		Applicant applicant = new Applicant(fields.get(0), fields.get(1), fields.get(2), fields.get(3), null,
				fields.get(5));
		String hash = this.passwordEncoder.encode(fields.get(4));
		AuditService.Origin origin = new AuditService.Origin(fields.get(6), fields.get(7));
		Result result;
		try {
			result = storeRetryingOnce(applicant, hash);
		}
		catch (DataIntegrityViolationException | OptimisticLockingFailureException ex) {
			// Someone signed up with the same address or username at the same moment.
			this.events.publishEvent(new SignUpRefused(null, applicant.email(), "conflict", null, origin));
			return;
		}
		SsoUser user = result.user();
		if (result.outcome() == Stored.EMAIL_IS_A_USERNAME) {
			this.events.publishEvent(new SignUpRefused(null, applicant.email(), "email_is_a_username", null, origin));
			return;
		}
		if (result.outcome() == Stored.USERNAME_TAKEN) {
			// The username was free when the form was answered; someone took it since.
			this.events.publishEvent(new SignUpRefused(null, applicant.email(), "conflict", null, origin));
			return;
		}
		if (result.outcome() == Stored.STORED) {
			this.events.publishEvent(new SignUpRequested(user.getUuid(), user.getUsername(), origin));
			sendLink(user);
			return;
		}
		boolean notify = this.throttle.oncePer("registration-notice:" + user.getUuid(), NOTICE_PERIOD);
		this.events.publishEvent(new SignUpRefused(user.getUuid(), user.getUsername(), "email_taken",
				notify ? "owner notified" : "owner notified less than an hour ago", origin));
		if (notify) {
			this.mailer.send(user.getEmail(), user.getLanguage(), "registration-exists",
					Map.of("name", user.getDisplayName(), "login", this.pages.login(),
							"reset", this.pages.passwordResetRequest()));
		}
	}

	/** How storing a sign-up went. */
	private enum Stored {

		/** A new or renewed unconfirmed account. */
		STORED,
		/** The address belongs to an account (the result's user). */
		EMAIL_TAKEN,
		/** The chosen username belongs to another account. */
		USERNAME_TAKEN,
		/** The address is another account's username (from before usernames could not hold an {@code @}). */
		EMAIL_IS_A_USERNAME

	}

	private record Result(Stored outcome, SsoUser user) {
	}

	/**
	 * Stores a sign-up; when another sign-up changed the same unconfirmed account meanwhile, tries
	 * once more on what it left, so the newest details still count.
	 */
	private Result storeRetryingOnce(Applicant applicant, String hash) {
		try {
			return this.transaction.execute((status) -> store(applicant, hash));
		}
		catch (OptimisticLockingFailureException ex) {
			return this.transaction.execute((status) -> store(applicant, hash));
		}
	}

	private Result store(Applicant applicant, String hash) {
		Optional<SsoUser> existing = this.users.findByEmail(applicant.email());
		if (existing.isPresent() && existing.get().getStatus() != UserStatus.UNVERIFIED) {
			return new Result(Stored.EMAIL_TAKEN, existing.get());
		}
		Optional<Long> existingId = existing.map(SsoUser::getId);
		if (existing.isEmpty() && this.users.emailIsAUsername(applicant.email())) {
			return new Result(Stored.EMAIL_IS_A_USERNAME, null);
		}
		if (applicant.username() != null
				&& this.users.usernameTakenByOther(applicant.username(), existingId.orElse(null))) {
			return new Result(Stored.USERNAME_TAKEN, null);
		}
		String username = (applicant.username() != null) ? applicant.username()
				: existing.map(SsoUser::getUsername).orElseGet(() -> this.usernames.free(applicant.email()));
		SsoUser user = existing.orElseGet(() -> new SsoUser(username, AccountOrigin.SIGNUP));
		user.setUsername(username);
		user.setEmail(applicant.email());
		user.setFirstName(applicant.firstName());
		user.setLastName(applicant.lastName());
		user.setLanguage(applicant.language());
		user.setStatus(UserStatus.UNVERIFIED);
		user.setEmailVerified(false);
		user.setPasswordHash(hash);
		this.users.saveAndFlush(user);
		return new Result(Stored.STORED, user);
	}

	/** Mails a new verification link to an unconfirmed account (at most one per cooldown). */
	private void sendLink(SsoUser user) {
		Optional<String> token = this.links.issue(LinkTokens.Purpose.REGISTRATION, user.getId(), null,
				this.settings.getLinkTtl(), this.settings.getCooldown());
		if (token.isEmpty()) {
			logger.debug("Verification link not sent: one was sent less than {} ago", this.settings.getCooldown());
			return;
		}
		this.mailer.send(user.getEmail(), user.getLanguage(), "registration-verify",
				Map.of("name", user.getDisplayName(), "link",
						this.pages.registrationVerification(token.get()), "hours",
						this.settings.getLinkTtl().toHours()));
	}

	/**
	 * Queues a request for a new link (see {@link #resend}); false when too many such requests are
	 * waiting.
	 */
	private boolean queueLinkRequest(String email) {
		return this.outbox.enqueue(LINK_REQUEST, null, email);
	}

	/**
	 * Mails a new link to the unconfirmed account with this address, if there is one; nothing
	 * otherwise. Done after the answer, from the outbox like a sign-up, so the person sees the same
	 * page after the same time either way. Nothing is done, and the refusal is recorded, when
	 * {@code address} asked for too many emails lately or too many such requests are waiting.
	 */
	public void resend(String email, String address) {
		if (!this.throttle.mayMail(address)) {
			this.events.publishEvent(SignUpRefused.of(email, "address_throttled"));
		}
		else if (!queueLinkRequest(email)) {
			this.events.publishEvent(SignUpRefused.of(email, "busy"));
		}
	}

	/**
	 * Whether {@code address} may sign up another account (a limited number an hour); a refusal is
	 * recorded with the typed address.
	 */
	public boolean mayRegister(String typedEmail, String address) {
		if (this.throttle.mayRegister(address, this.settings.getIpThreshold())) {
			return true;
		}
		this.events.publishEvent(SignUpRefused.of(typed(typedEmail), "address_throttled"));
		return false;
	}

	/** Records a sign-up a robot sent (the hidden field was filled in); nothing else is done. */
	public void robotRefused(String typedEmail) {
		this.events.publishEvent(SignUpRefused.of(typed(typedEmail), "honeypot"));
	}

	/** A typed address as recorded: trimmed, at most as long as a username. */
	private static String typed(String email) {
		return Forms.clip((email != null) ? email.trim() : null, 150);
	}

	/** The unconfirmed account a valid verification token belongs to. */
	public Optional<SsoUser> pending(String token) {
		return this.links.find(LinkTokens.Purpose.REGISTRATION, token)
			.flatMap((link) -> this.users.findById(link.userId()))
			.filter((user) -> user.getStatus() == UserStatus.UNVERIFIED);
	}

	/** How confirming an address ended. */
	public enum Verification {

		/** Confirmed: the account is active or waits for approval, per the mode. */
		VERIFIED,
		/** The password is not the one chosen at sign-up; the link still works. */
		WRONG_PASSWORD,
		/** Too many wrong passwords for this account or from this address. */
		THROTTLED,
		/** The link is no longer valid. */
		INVALID

	}

	/** The outcome of confirming an address, with the account when {@link Verification#VERIFIED}. */
	public record Verified(Verification outcome, SsoUser user) {
	}

	/**
	 * Confirms the address. The link alone is not enough: the person also types the password chosen
	 * at sign-up, so an account someone else signed up with this address (and whose password they
	 * know) cannot be confirmed by the owner of the mailbox without noticing, and the confirmation is
	 * a real sign-in. Wrong passwords count like failed sign-ins. The token is then used up and the
	 * account becomes active (or waits for approval, per {@code mode}); superusers are told of an
	 * account waiting for them.
	 */
	public Verified verify(String token, String password, RegistrationMode mode, String ip) {
		Optional<SsoUser> pending = pending(token);
		if (pending.isEmpty()) {
			return new Verified(Verification.INVALID, null);
		}
		String username = pending.get().getUsername();
		LoginThrottle.Attempt attempt = this.throttle.signIn(username, ip, () -> false);
		if (attempt.refused().isPresent()) {
			return new Verified(Verification.THROTTLED, null);
		}
		if (password == null || password.length() > 256
				|| !this.passwordEncoder.matches(password, pending.get().getPasswordHash())) {
			this.throttle.failed(attempt);
			this.events.publishEvent(new SignUpRefused(pending.get().getUuid(), username, "wrong_password", null, null));
			return new Verified(Verification.WRONG_PASSWORD, null);
		}
		this.throttle.succeeded(attempt);
		Optional<SsoUser> verified = this.transaction.execute((status) -> this.links
			.use(LinkTokens.Purpose.REGISTRATION, token)
			.flatMap((link) -> this.users.findById(link.userId()))
			.filter((user) -> user.getStatus() == UserStatus.UNVERIFIED)
			.map((user) -> {
				user.setEmailVerified(true);
				if (mode == RegistrationMode.AUTO_LOGIN_AFTER_VERIFY) {
					user.activate();
				}
				else {
					user.setStatus(UserStatus.PENDING_APPROVAL);
				}
				SsoUser saved = this.users.saveAndFlush(user);
				this.events.publishEvent(new SignUpVerified(saved, mode));
				return saved;
			}));
		if (verified.isEmpty()) {
			return new Verified(Verification.INVALID, null);
		}
		return new Verified(Verification.VERIFIED, verified.get());
	}

	/** What a review did. */
	public enum Review {

		/** Done, and the person told. */
		DONE,
		/** No such registration waits for a decision (decided already, or unknown). */
		NOT_PENDING

	}

	/**
	 * Approves or rejects a registration waiting for a decision, if the reviewer may see its
	 * person ({@code visible}); one they may not see is answered as not waiting, like an unknown
	 * one. The caller ({@link RegistrationQueue}) checked the reviewer's permission.
	 */
	Review decide(String uuid, Actor reviewer, Visibility visible, String reason, boolean approve) {
		Instant now = this.clock.instant();
		Optional<SsoUser> decided;
		try {
			decided = this.transaction.execute((status) -> this.users.findByUuid(uuid)
				.filter((user) -> user.getOrigin() == AccountOrigin.SIGNUP
						&& user.getStatus() == UserStatus.PENDING_APPROVAL
						&& visible.includes((user.getScope() != null) ? user.getScope().getId() : null,
								user.isSuperuser()))
				.map((user) -> {
					if (approve) {
						user.activate();
					}
					else {
						user.deactivate(now);
					}
					user.reviewed(now, reviewer.uuid(), reason);
					SsoUser saved = this.users.saveAndFlush(user);
					this.events.publishEvent(new RegistrationReviewed(saved, reviewer.username(), approve, reason));
					return saved;
				}));
		}
		catch (ObjectOptimisticLockingFailureException ex) {
			return Review.NOT_PENDING; // decided by another superuser meanwhile
		}
		return decided.isPresent() ? Review.DONE : Review.NOT_PENDING;
	}

	/** Deletes accounts whose address was never confirmed within the retention time. */
	@Scheduled(initialDelayString = "PT15M", fixedDelayString = "PT1H")
	void purgeUnverified() {
		Timestamp before = Timestamp.from(
				this.clock.instant().minus(this.settings.getUnverifiedRetention()));
		List<String[]> stale = this.jdbc.query(
				"SELECT uuid, username FROM sso_user WHERE origin = 'SIGNUP' AND status = 'UNVERIFIED' AND updated_at < ? "
						+ "ORDER BY updated_at LIMIT 500",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) }, before);
		for (String[] account : stale) {
			int deleted = this.jdbc.update("DELETE FROM sso_user WHERE uuid = ? AND status = 'UNVERIFIED'", account[0]);
			if (deleted == 1) {
				this.events.publishEvent(new UnverifiedAccountPurged(account[0], account[1]));
			}
		}
	}

}
