package io.microsys.sso.provider.profile;

import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.outbox.Outbox;
import io.microsys.sso.provider.settings.Links;
import io.microsys.sso.provider.settings.SsoProperties;

/**
 * Requests for a password reset link. A request is stored in the {@link Outbox} (with its own
 * limit of waiting requests, so a flood of sign-ups cannot turn it away) and done after the
 * answer: whether an account matched (and the link and email that follow) does not change how
 * long the answer takes, and a restart does not lose it.
 */
@Service
class PasswordResets {

	/** The outbox kind of a reset request. */
	static final String KIND = "password-reset";

	private final UserRepository users;

	private final LinkTokens links;

	private final Mailer mailer;

	private final AuditService audit;

	private final SsoProperties properties;

	private final Links pages;

	private final Outbox outbox;

	PasswordResets(UserRepository users, LinkTokens links, Mailer mailer, AuditService audit, SsoProperties properties,
			Outbox outbox, Links pages) {
		this.pages = pages;
		this.users = users;
		this.links = links;
		this.mailer = mailer;
		this.audit = audit;
		this.properties = properties;
		this.outbox = outbox;
		outbox.register(new Outbox.Kind(KIND, properties.getOutbox().getPasswordResetMaxPending(), 1),
				(fields) -> sendLink(fields.get(0), new AuditService.Origin(fields.get(1), fields.get(2))));
	}

	/**
	 * Stores a request for a link to the account named by {@code typed} (a username or an email
	 * address); false, and nothing stored, when too many requests are waiting.
	 */
	boolean request(String typed) {
		AuditService.Origin origin = AuditService.Origin.ofCurrentRequest();
		return this.outbox.enqueue(KIND, null, typed, origin.ip(), origin.userAgent());
	}

	/** Looks the account up and mails its link, from the outbox. */
	private void sendLink(String typed, AuditService.Origin origin) {
		Optional<SsoUser> found = this.users.findByLogin(typed)
			.filter((user) -> user.getStatus() == UserStatus.ACTIVE && user.getEmail() != null
					&& user.getPasswordHash() != null);
		if (found.isEmpty()) {
			this.audit.event(AuditEventType.PASSWORD_RESET_REQUESTED)
				.user(null, typed)
				.reason("unknown_account")
				.from(origin)
				.record();
			return;
		}
		SsoUser user = found.get();
		SsoProperties.PasswordReset settings = this.properties.getPasswordReset();
		Optional<String> token = this.links.issue(LinkTokens.Purpose.PASSWORD_RESET, user.getId(), null,
				settings.getLinkTtl(), settings.getCooldown());
		if (token.isEmpty()) {
			this.audit.event(AuditEventType.PASSWORD_RESET_REQUESTED)
				.user(user.getUuid(), user.getUsername())
				.reason("cooldown")
				.from(origin)
				.record();
			return;
		}
		this.audit.event(AuditEventType.PASSWORD_RESET_REQUESTED)
			.user(user.getUuid(), user.getUsername())
			.from(origin)
			.record();
		this.mailer.send(user.getEmail(), user.getLanguage(), "password-reset",
				Map.of("name", user.getDisplayName(), "link",
						this.pages.passwordReset(token.get()), "minutes",
						settings.getLinkTtl().toMinutes()),
				settings.getLinkTtl());
	}

	/** The account a reset link was sent to, while the link is still valid. */
	@Transactional(readOnly = true)
	public Optional<SsoUser> holder(String token) {
		return this.links.find(LinkTokens.Purpose.PASSWORD_RESET, token)
			.flatMap((link) -> this.users.findById(link.userId()));
	}

}
