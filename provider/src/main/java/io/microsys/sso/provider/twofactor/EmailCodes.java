package io.microsys.sso.provider.twofactor;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.support.DrbgRandom;

/**
 * Six-digit codes sent by email, for people who chose email as their second factor: drawn from a
 * {@link SecureRandom}, stored as an HMAC under the master key, valid for a short while, voided
 * after a few wrong tries, and sent only when asked, at most once per cooldown. One code per
 * person at a time; a new one replaces the old.
 */
@Service
public class EmailCodes {

	private static final String PURPOSE = "email-code";

	private final JdbcTemplate jdbc;

	private final MasterKey masterKey;

	private final Clock clock;

	private final TwoFactorProperties settings;

	private final SecureRandom random = DrbgRandom.create();

	private final SecuritySettings runtime;

	@Autowired
	public EmailCodes(JdbcTemplate jdbc, MasterKey masterKey, Clock clock, TwoFactorProperties properties,
			SecuritySettings runtime) {
		this.runtime = runtime;
		this.jdbc = jdbc;
		this.masterKey = masterKey;
		this.clock = clock;
		this.settings = properties;
	}

	/** Email codes as the properties say (tests). */
	public EmailCodes(JdbcTemplate jdbc, MasterKey masterKey, Clock clock, TwoFactorProperties properties) {
		this(jdbc, masterKey, clock, properties, SecuritySettings.none());
	}

	/** Whether email codes are offered at all (a system setting, off by default). */
	public boolean isOffered() {
		return this.runtime.emailCodes(this.settings.isEmailCodes());
	}

	/** Whether the person chose email codes (and the setting still offers them). */
	public boolean isEnabled(long userId) {
		if (!isOffered()) {
			return false;
		}
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_email_factor WHERE user_id = ?",
				Integer.class, userId);
		return count != null && count > 0;
	}

	/** The person chooses email codes as a second factor. */
	@Transactional
	public void enable(long userId) {
		if (!isOffered()) {
			throw new IllegalStateException("email codes are not offered");
		}
		this.jdbc.update("DELETE FROM sso_email_factor WHERE user_id = ?", userId);
		this.jdbc.update("INSERT INTO sso_email_factor (user_id, created_at) VALUES (?, ?)", userId,
				Timestamp.from(this.clock.instant()));
		SecondFactorFlag.refresh(this.jdbc, userId);
	}

	/** The person stops using email codes; a pending code is voided. */
	@Transactional
	public void disable(long userId) {
		this.jdbc.update("DELETE FROM sso_email_factor WHERE user_id = ?", userId);
		this.jdbc.update("DELETE FROM sso_email_code WHERE user_id = ?", userId);
		SecondFactorFlag.refresh(this.jdbc, userId);
	}

	/**
	 * A new code for the person, unless one was sent less than the cooldown ago.
	 * @return the code to send, or empty with the time a new one may be asked for
	 */
	@Transactional
	public Issued issue(long userId) {
		Instant now = this.clock.instant();
		List<Timestamp> sent = this.jdbc.query("SELECT sent_at FROM sso_email_code WHERE user_id = ?",
				(rs, row) -> rs.getTimestamp(1), userId);
		if (!sent.isEmpty()) {
			Instant next = sent.get(0).toInstant().plus(this.settings.getEmailCodeCooldown());
			if (now.isBefore(next)) {
				return new Issued(Optional.empty(), next);
			}
		}
		String code = String.format("%06d", this.random.nextInt(1_000_000));
		this.jdbc.update("DELETE FROM sso_email_code WHERE user_id = ?", userId);
		this.jdbc.update(
				"INSERT INTO sso_email_code (user_id, code_hash, sent_at, expires_at, attempts) VALUES (?, ?, ?, ?, 0)",
				userId, hash(userId, code), Timestamp.from(now), Timestamp.from(now.plus(this.settings.getEmailCodeTtl())));
		return new Issued(Optional.of(code), now.plus(this.settings.getEmailCodeCooldown()));
	}

	/**
	 * Checks a typed code: right, unexpired, and not past its attempts. A right code is used up; a
	 * wrong one counts, and the last allowed wrong try voids the code.
	 */
	@Transactional
	public boolean verify(long userId, String typed) {
		if (!isEnabled(userId) || typed == null) {
			return false;
		}
		String code = typed.replaceAll("[\\s-]", "");
		if (!code.matches("\\d{6}")) {
			return false;
		}
		Instant now = this.clock.instant();
		List<String> stored = this.jdbc.query(
				"SELECT code_hash FROM sso_email_code WHERE user_id = ? AND expires_at > ? AND attempts < ?",
				(rs, row) -> rs.getString(1), userId, Timestamp.from(now), this.settings.getEmailCodeAttempts());
		if (stored.isEmpty()) {
			return false;
		}
		boolean right = MessageDigest.isEqual(stored.get(0).getBytes(), hash(userId, code).getBytes());
		if (right) {
			// Used up here, or by another node a moment ago: only one of them wins.
			return this.jdbc.update("DELETE FROM sso_email_code WHERE user_id = ? AND code_hash = ?", userId,
					stored.get(0)) == 1;
		}
		this.jdbc.update("UPDATE sso_email_code SET attempts = attempts + 1 WHERE user_id = ?", userId);
		return false;
	}

	/** How long a code is valid, for the message. */
	public Duration ttl() {
		return this.settings.getEmailCodeTtl();
	}

	private String hash(long userId, String code) {
		return this.masterKey.mac(PURPOSE, userId + ":" + code);
	}

	/** A new code (when one could be sent) and when the next one may be asked for. */
	public record Issued(Optional<String> code, Instant nextAllowed) {
	}

}
