package io.microsys.sso.provider.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.settings.SsoProperties;
import io.microsys.sso.provider.web.RandomTokens;

/**
 * Password reset links: 256 random bits in the link, only their SHA-256 stored, valid for 30
 * minutes by default, usable once. A new link voids the older ones; at most one is sent per
 * cooldown, so the form cannot flood a mailbox.
 */
@Service
public class PasswordResets {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final SsoProperties.PasswordReset settings;

	public PasswordResets(JdbcTemplate jdbc, Clock clock, SsoProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = properties.getPasswordReset();
	}

	/** A new link token for the person, or empty when one was issued less than the cooldown ago. */
	@Transactional
	public Optional<String> issue(long userId) {
		Instant now = this.clock.instant();
		Integer recent = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_password_reset WHERE user_id = ? AND created_at > ?", Integer.class, userId,
				Timestamp.from(now.minus(this.settings.getCooldown())));
		if (recent != null && recent > 0) {
			return Optional.empty();
		}
		String token = RandomTokens.create();
		this.jdbc.update("DELETE FROM sso_password_reset WHERE user_id = ?", userId);
		this.jdbc.update(
				"INSERT INTO sso_password_reset (token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)",
				RandomTokens.hash(token), userId, Timestamp.from(now), Timestamp.from(now.plus(this.settings.getLinkTtl())));
		return Optional.of(token);
	}

	/** The person a valid (unused, unexpired) token is for; nothing is used up. */
	public Optional<Long> find(String token) {
		if (!RandomTokens.isWellFormed(token)) {
			return Optional.empty();
		}
		List<Long> users = this.jdbc.query(
				"SELECT user_id FROM sso_password_reset WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
				(rs, row) -> rs.getLong(1), RandomTokens.hash(token), Timestamp.from(this.clock.instant()));
		return users.stream().findFirst();
	}

	/** Uses the token up; {@code false} when it was used (or expired) meanwhile. */
	public boolean use(String token) {
		if (!RandomTokens.isWellFormed(token)) {
			return false;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.update(
				"UPDATE sso_password_reset SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
				now, RandomTokens.hash(token), now) == 1;
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	void purgeOld() {
		this.jdbc.update("DELETE FROM sso_password_reset WHERE expires_at < ?",
				Timestamp.from(this.clock.instant().minus(java.time.Duration.ofDays(1))));
	}

}
