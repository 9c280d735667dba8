package io.microsys.sso.provider.profile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.Links;

/**
 * A change of email address: asked for on the profile behind the current password, it takes
 * effect only when the link mailed to the new address is followed (within 24 hours, once), so
 * nobody can put an address they do not read on an account. {@link EmailChangeRequested} and
 * {@link EmailChanged} follow.
 */
@Service
public class EmailChanges {

	/** How long a confirmation link works. */
	static final Duration TTL = Duration.ofHours(24);

	private final LinkTokens links;

	private final UserRepository users;

	private final TransactionTemplate transaction;

	private final Mailer mailer;

	private final Links pages;

	private final ApplicationEventPublisher events;

	public EmailChanges(LinkTokens links, UserRepository users, PlatformTransactionManager transactionManager,
			Mailer mailer, Links pages, ApplicationEventPublisher events) {
		this.links = links;
		this.users = users;
		this.transaction = new TransactionTemplate(transactionManager);
		this.mailer = mailer;
		this.pages = pages;
		this.events = events;
	}

	/** Mails a confirmation link for moving the person to {@code newEmail} to that address; an older link is voided. */
	public void request(SsoUser user, String newEmail) {
		String token = this.links.issue(LinkTokens.Purpose.EMAIL_CHANGE, user.getId(), newEmail, TTL, Duration.ZERO)
			.orElseThrow();
		this.events.publishEvent(new EmailChangeRequested(user.getUuid(), user.getUsername()));
		this.mailer.send(newEmail, user.getLanguage(), "email-change", Map.of("name", user.getDisplayName(), "link",
				this.pages.emailConfirmation(token), "email", newEmail));
	}

	/** The change a valid token stands for (its payload is the new address). */
	public Optional<LinkTokens.Link> find(String token) {
		return this.links.find(LinkTokens.Purpose.EMAIL_CHANGE, token);
	}

	/**
	 * Applies the change (the address is then verified, having received the link).
	 * @return what changed, or empty when the token is no longer valid or the new address belongs
	 * to another account by now
	 */
	public Optional<Changed> confirm(String token) {
		try {
			return this.transaction.execute((status) -> this.links.use(LinkTokens.Purpose.EMAIL_CHANGE, token)
				.filter((link) -> this.users.findByEmail(link.payload()).isEmpty()
						&& this.users.findByUsername(link.payload()).filter((u) -> !u.getId().equals(link.userId()))
							.isEmpty())
				.map((link) -> {
					SsoUser user = this.users.findById(link.userId()).orElseThrow();
					String old = user.getEmail();
					user.setEmail(link.payload());
					user.setEmailVerified(true);
					this.users.flush();
					this.events.publishEvent(new EmailChanged(user, old));
					return new Changed(user, old);
				}));
		}
		catch (DataIntegrityViolationException ex) {
			// Taken by another account at the same moment (the unique key decides).
			return Optional.empty();
		}
	}

	/** A confirmed change: the person (with the new address) and the address it replaced (may be null). */
	public record Changed(SsoUser user, String oldEmail) {
	}

}
