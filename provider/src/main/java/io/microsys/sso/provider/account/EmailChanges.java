package io.microsys.sso.provider.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.web.RandomTokens;

/**
 * A change of email address: asked for on the profile behind the current password, it takes
 * effect only when the link mailed to the new address is followed (within 24 hours, once), so
 * nobody can put an address they do not read on an account. Only the token's hash is stored.
 */
@Service
public class EmailChanges {

	/** How long a confirmation link works. */
	static final Duration TTL = Duration.ofHours(24);

	private final JdbcTemplate jdbc;

	private final UserRepository users;

	private final Clock clock;

	private final TransactionTemplate transaction;

	public EmailChanges(JdbcTemplate jdbc, UserRepository users, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.users = users;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** A confirmation token for moving the person to {@code newEmail}; older ones are voided. */
	public String request(long userId, String newEmail) {
		String token = RandomTokens.create();
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("DELETE FROM sso_email_change WHERE user_id = ?", userId);
			this.jdbc.update(
					"INSERT INTO sso_email_change (token_hash, user_id, new_email, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)",
					RandomTokens.hash(token), userId, newEmail, Timestamp.from(now), Timestamp.from(now.plus(TTL)));
		});
		return token;
	}

	/** The pending change a valid token stands for. */
	public Optional<Pending> find(String token) {
		if (!RandomTokens.isWellFormed(token)) {
			return Optional.empty();
		}
		List<Pending> found = this.jdbc.query(
				"SELECT user_id, new_email FROM sso_email_change WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
				(rs, row) -> new Pending(rs.getLong(1), rs.getString(2)), RandomTokens.hash(token),
				Timestamp.from(this.clock.instant()));
		return found.stream().findFirst();
	}

	/**
	 * Applies the change (the address is then verified, having received the link).
	 * @return the address it replaced, or empty when the token is no longer valid or the new
	 * address belongs to another account by now
	 */
	public Optional<String> confirm(String token) {
		Optional<Pending> pending = find(token);
		if (pending.isEmpty()) {
			return Optional.empty();
		}
		try {
			return this.transaction.execute((status) -> {
				Timestamp now = Timestamp.from(this.clock.instant());
				if (this.jdbc.update(
						"UPDATE sso_email_change SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
						now, RandomTokens.hash(token), now) != 1) {
					return Optional.<String>empty();
				}
				if (this.users.findByEmail(pending.get().newEmail()).isPresent()) {
					return Optional.<String>empty();
				}
				SsoUser user = this.users.findById(pending.get().userId()).orElseThrow();
				String old = user.getEmail();
				user.setEmail(pending.get().newEmail());
				user.setEmailVerified(true);
				this.users.flush();
				return Optional.ofNullable(old).or(() -> Optional.of(""));
			});
		}
		catch (DataIntegrityViolationException ex) {
			// Taken by another account at the same moment (the unique key decides).
			return Optional.empty();
		}
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	void purgeOld() {
		this.jdbc.update("DELETE FROM sso_email_change WHERE expires_at < ?", Timestamp.from(this.clock.instant()));
	}

	/** A change waiting for confirmation. */
	public record Pending(long userId, String newEmail) {
	}

}
