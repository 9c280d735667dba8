package io.microsys.sso.provider.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.support.RandomTokens;

/**
 * The links the provider mails to a person (a password reset, confirming a new email address):
 * 256 random bits each, only their SHA-256 stored with what they are for, usable once within
 * their time. A new link voids the person's older one of the same purpose; at most one is issued
 * per cooldown, so a form cannot flood a mailbox.
 */
@Service
public class LinkTokens {

	/** What a link is for. */
	public enum Purpose {

		/** Choosing a new password. */
		PASSWORD_RESET,
		/** Confirming a new email address (the payload). */
		EMAIL_CHANGE,
		/** Confirming the email address of a public registration. */
		REGISTRATION

	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public LinkTokens(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A new link token for the person, or empty when one for the same purpose was issued less than
	 * {@code cooldown} ago.
	 * @param payload a value the link carries (at most 254 characters), or null
	 */
	@Transactional
	public Optional<String> issue(Purpose purpose, long userId, String payload, Duration ttl, Duration cooldown) {
		Instant now = this.clock.instant();
		Integer recent = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_link_token WHERE user_id = ? AND purpose = ? AND created_at > ?",
				Integer.class, userId, purpose.name(), Timestamp.from(now.minus(cooldown)));
		if (recent != null && recent > 0) {
			return Optional.empty();
		}
		String token = RandomTokens.create();
		this.jdbc.update("DELETE FROM sso_link_token WHERE user_id = ? AND purpose = ?", userId, purpose.name());
		this.jdbc.update(
				"INSERT INTO sso_link_token (token_hash, purpose, user_id, payload, created_at, expires_at, used_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, NULL)",
				RandomTokens.hash(token), purpose.name(), userId, payload, Timestamp.from(now),
				Timestamp.from(now.plus(ttl)));
		return Optional.of(token);
	}

	/** What a valid (unused, unexpired) token is for; nothing is used up. */
	public Optional<Link> find(Purpose purpose, String token) {
		if (!RandomTokens.isWellFormed(token)) {
			return Optional.empty();
		}
		List<Link> found = this.jdbc.query(
				"SELECT user_id, payload FROM sso_link_token WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
						+ "AND expires_at > ?",
				(rs, row) -> new Link(rs.getLong(1), rs.getString(2)), RandomTokens.hash(token), purpose.name(),
				Timestamp.from(this.clock.instant()));
		return found.stream().findFirst();
	}

	/** Uses the token up; empty when it is not valid (or was used by another request meanwhile). */
	@Transactional
	public Optional<Link> use(Purpose purpose, String token) {
		Optional<Link> link = find(purpose, token);
		if (link.isEmpty()) {
			return link;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		int used = this.jdbc.update(
				"UPDATE sso_link_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?", now,
				RandomTokens.hash(token), now);
		return (used == 1) ? link : Optional.empty();
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	void purgeOld() {
		this.jdbc.update("DELETE FROM sso_link_token WHERE expires_at < ?",
				Timestamp.from(this.clock.instant().minus(Duration.ofDays(1))));
	}

	/** A valid link: whose it is and the value it carries (or null). */
	public record Link(long userId, String payload) {
	}

}
