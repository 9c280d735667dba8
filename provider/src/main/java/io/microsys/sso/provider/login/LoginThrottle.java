package io.microsys.sso.provider.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.NameKeys;
import io.microsys.sso.provider.settings.SsoProperties;

/**
 * Slows down password guessing, in the database so that every node shares the counts. Failures
 * are counted per typed username (stored only as a hash, whether or not such an account exists)
 * and per IP address. Past a threshold, each failure blocks that key for twice as long as the
 * previous one, from {@code initial-block} up to {@code max-block}; a blocked attempt is refused
 * without checking the password and does not lengthen the block, so a lock lasts at most
 * {@code max-block} after the last real failure. A successful sign-in clears its username's count.
 */
@Service
public class LoginThrottle {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final SsoProperties.LoginThrottle settings;

	public LoginThrottle(JdbcTemplate jdbc, Clock clock, SsoProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = properties.getLoginThrottle();
	}

	/** Why and how long sign-ins with this username or from this address are blocked, if they are. */
	public Optional<Block> blocked(String username, String ip) {
		return blockedFor(accountKey(username), ip);
	}

	/** Counts a failed sign-in against the username and the address. */
	public void failed(String username, String ip) {
		countFailure(accountKey(username), ip);
	}

	/** Clears the username's failures after a correct password. */
	public void succeeded(String username) {
		forget(accountKey(username));
	}

	/**
	 * Until when second-factor codes (and current-password checks) of this person are refused, if
	 * they are: the same growing blocks as for passwords, counted per person and per address.
	 */
	public Optional<Block> secondFactorBlocked(String userUuid, String ip) {
		return blockedFor(secondFactorKey(userUuid), ip);
	}

	/** Counts a wrong code (or current password) against the person and the address. */
	public void secondFactorFailed(String userUuid, String ip) {
		countFailure(secondFactorKey(userUuid), ip);
	}

	/** Clears the person's failed codes after a right one. */
	public void secondFactorSucceeded(String userUuid) {
		forget(secondFactorKey(userUuid));
	}

	/**
	 * Whether this address may make the provider send another email (a reset link, a
	 * confirmation): each request counts, and past {@code mail-threshold} of them the address is
	 * blocked like a guessing one. Stops one address from mailing many accounts.
	 */
	public boolean mayMail(String ip) {
		if (ip == null) {
			return true;
		}
		String key = "m:" + shortened(ip);
		if (blockOf(key, this.clock.instant()).isPresent()) {
			return false;
		}
		count(key, this.settings.getMailThreshold());
		return true;
	}

	/**
	 * Whether this address may sign up another account: at most {@code perHour} attempts in an
	 * hour, counted from the first one; every attempt counts, accepted or not.
	 */
	public boolean mayRegister(String ip, int perHour) {
		if (ip == null) {
			return true;
		}
		String key = "r:" + shortened(ip);
		Instant now = this.clock.instant();
		Timestamp at = Timestamp.from(now);
		Timestamp windowEnd = Timestamp.from(now.plus(Duration.ofHours(1)));
		int updated = this.jdbc.update("UPDATE sso_login_throttle SET "
				+ "failures = CASE WHEN blocked_until <= ? THEN 1 ELSE failures + 1 END, "
				+ "blocked_until = CASE WHEN blocked_until <= ? THEN ? ELSE blocked_until END, updated_at = ? "
				+ "WHERE throttle_key = ?", at, at, windowEnd, at, key);
		if (updated == 0 && !insert(key, 1, windowEnd, at)) {
			return mayRegister(ip, perHour); // another request made the row meanwhile
		}
		Integer attempts = this.jdbc.queryForObject("SELECT failures FROM sso_login_throttle WHERE throttle_key = ?",
				Integer.class, key);
		return attempts == null || attempts <= perHour;
	}

	/**
	 * Whether something keyed by {@code what} (a notice to one person, say) may happen now: true at
	 * most once per {@code period}, on every node.
	 */
	public boolean oncePer(String what, Duration period) {
		String key = "o:" + sha256(what);
		Instant now = this.clock.instant();
		int claimed = this.jdbc.update(
				"UPDATE sso_login_throttle SET blocked_until = ?, updated_at = ? WHERE throttle_key = ? "
						+ "AND (blocked_until IS NULL OR blocked_until <= ?)",
				Timestamp.from(now.plus(period)), Timestamp.from(now), key, Timestamp.from(now));
		return claimed == 1 || insert(key, 0, Timestamp.from(now.plus(period)), Timestamp.from(now));
	}

	private Optional<Block> blockedFor(String personKey, String ip) {
		Instant now = this.clock.instant();
		Optional<Block> person = blockOf(personKey, now).map((until) -> new Block("account", until));
		if (person.isPresent()) {
			return person;
		}
		return (ip != null) ? blockOf(ipKey(ip), now).map((until) -> new Block("ip", until)) : Optional.empty();
	}

	private void countFailure(String personKey, String ip) {
		count(personKey, this.settings.getAccountThreshold());
		if (ip != null) {
			count(ipKey(ip), this.settings.getIpThreshold());
		}
	}

	private void forget(String key) {
		this.jdbc.update("DELETE FROM sso_login_throttle WHERE throttle_key = ?", key);
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT5M")
	void forgetOld() {
		Instant now = this.clock.instant();
		this.jdbc.update(
				"DELETE FROM sso_login_throttle WHERE updated_at < ? AND (blocked_until IS NULL OR blocked_until < ?)",
				Timestamp.from(now.minus(this.settings.getForgetAfter())), Timestamp.from(now));
	}

	private Optional<Instant> blockOf(String key, Instant now) {
		List<Timestamp> until = this.jdbc.query(
				"SELECT blocked_until FROM sso_login_throttle WHERE throttle_key = ? AND blocked_until > ?",
				(rs, row) -> rs.getTimestamp(1), key, Timestamp.from(now));
		return until.isEmpty() ? Optional.empty() : Optional.of(until.get(0).toInstant());
	}

	private void count(String key, int threshold) {
		Instant now = this.clock.instant();
		Timestamp stale = Timestamp.from(now.minus(this.settings.getForgetAfter()));
		int updated = this.jdbc.update("UPDATE sso_login_throttle SET failures = CASE WHEN updated_at < ? THEN 1 "
				+ "ELSE failures + 1 END, updated_at = ? WHERE throttle_key = ?", stale, Timestamp.from(now), key);
		if (updated == 0 && !insert(key, 1, null, Timestamp.from(now))) {
			count(key, threshold); // another request made the row meanwhile
			return;
		}
		// No row any more: a sign-in of the same account succeeded meanwhile and forgot its failures.
		List<Integer> failures = this.jdbc.queryForList(
				"SELECT failures FROM sso_login_throttle WHERE throttle_key = ?", Integer.class, key);
		if (!failures.isEmpty() && failures.get(0) != null && failures.get(0) >= threshold) {
			this.jdbc.update("UPDATE sso_login_throttle SET blocked_until = ? WHERE throttle_key = ?",
					Timestamp.from(now.plus(blockFor(failures.get(0) - threshold))), key);
		}
	}

	/** Adds a key's row; false when another request added it first. */
	private boolean insert(String key, int failures, Timestamp blockedUntil, Timestamp at) {
		try {
			this.jdbc.update(
					"INSERT INTO sso_login_throttle (throttle_key, failures, blocked_until, updated_at) VALUES (?, ?, ?, ?)",
					key, failures, blockedUntil, at);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** The block after {@code over} failures beyond the threshold (0 = the first one). */
	Duration blockFor(int over) {
		Duration max = this.settings.getMaxBlock();
		if (over >= 40) {
			return max;
		}
		Duration block = this.settings.getInitialBlock().multipliedBy(1L << over);
		return (block.compareTo(max) > 0) ? max : block;
	}

	/** Every spelling of a name that looks the same ({@code BOB}, {@code bób}, {@code bob\u200b}) counts as one. */
	private static String accountKey(String username) {
		return "a:" + sha256(NameKeys.lookalike(username));
	}

	private static String secondFactorKey(String userUuid) {
		return "f:" + sha256(userUuid);
	}

	private static String ipKey(String ip) {
		return "i:" + shortened(ip);
	}

	private static String shortened(String ip) {
		return (ip.length() <= 64) ? ip : sha256(ip);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A block: which key ({@code account} or {@code ip}) and until when. */
	public record Block(String reason, Instant until) {
	}

}
