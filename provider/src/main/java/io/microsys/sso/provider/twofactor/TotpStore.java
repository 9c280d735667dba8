package io.microsys.sso.provider.twofactor;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.support.DrbgRandom;

/**
 * People's authenticator-app (TOTP) keys: 160 random bits each, encrypted at rest under the master
 * key. A key is usable once confirmed by a first code; every code is accepted once only.
 */
@Service
public class TotpStore {

	/** Bytes of a new secret (RFC 4226 recommends 160 bits). */
	static final int SECRET_BYTES = 20;

	private final JdbcTemplate jdbc;

	private final MasterKey masterKey;

	private final Clock clock;

	private final Totp totp = Totp.standard();

	private final SecureRandom random = DrbgRandom.create();

	public TotpStore(JdbcTemplate jdbc, MasterKey masterKey, Clock clock) {
		this.jdbc = jdbc;
		this.masterKey = masterKey;
		this.clock = clock;
	}

	/** Whether the person has a confirmed authenticator app. */
	public boolean isEnrolled(long userId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_user_totp WHERE user_id = ? AND confirmed_at IS NOT NULL", Integer.class,
				userId);
		return count != null && count > 0;
	}

	/**
	 * The key being set up: the one not yet confirmed if there is one, so that reloading the set-up
	 * page or mistyping a code keeps the key the person may already have scanned; otherwise a new
	 * one.
	 * @throws IllegalStateException when a confirmed key exists (remove it first)
	 */
	@Transactional
	public TotpEnrolment pending(long userId, String issuer, String account) {
		List<byte[]> pending = this.jdbc.query(
				"SELECT secret_box FROM sso_user_totp WHERE user_id = ? AND confirmed_at IS NULL",
				(rs, row) -> rs.getBytes(1), userId);
		if (!pending.isEmpty()) {
			return TotpEnrolment.of(this.masterKey.decrypt(pending.get(0), context(userId)), issuer, account);
		}
		return start(userId, issuer, account);
	}

	/**
	 * A new key for the person, replacing one not yet confirmed (starting over on purpose).
	 * @throws IllegalStateException when a confirmed key exists (remove it first)
	 */
	@Transactional
	public TotpEnrolment start(long userId, String issuer, String account) {
		if (isEnrolled(userId)) {
			throw new IllegalStateException("an authenticator app is already set up");
		}
		byte[] secret = new byte[SECRET_BYTES];
		this.random.nextBytes(secret);
		this.jdbc.update("DELETE FROM sso_user_totp WHERE user_id = ?", userId);
		this.jdbc.update(
				"INSERT INTO sso_user_totp (user_id, secret_box, confirmed_at, last_used_step, created_at) VALUES (?, ?, NULL, ?, ?)",
				userId, this.masterKey.encrypt(secret, context(userId)), Long.MIN_VALUE,
				Timestamp.from(this.clock.instant()));
		return TotpEnrolment.of(secret, issuer, account);
	}

	/** Confirms a started key with its first code; {@code false} when the code is wrong. */
	@Transactional
	public boolean confirm(long userId, String code) {
		List<byte[]> pending = this.jdbc.query(
				"SELECT secret_box FROM sso_user_totp WHERE user_id = ? AND confirmed_at IS NULL",
				(rs, row) -> rs.getBytes(1), userId);
		if (pending.isEmpty()) {
			return false;
		}
		Instant now = this.clock.instant();
		OptionalLong step = this.totp.match(this.masterKey.decrypt(pending.get(0), context(userId)), code, now);
		if (step.isEmpty()) {
			return false;
		}
		boolean confirmed = this.jdbc.update(
				"UPDATE sso_user_totp SET confirmed_at = ?, last_used_step = ? WHERE user_id = ? AND confirmed_at IS NULL",
				Timestamp.from(now), step.getAsLong(), userId) == 1;
		if (confirmed) {
			SecondFactorFlag.refresh(this.jdbc, userId);
		}
		return confirmed;
	}

	/**
	 * Checks a code of a confirmed key and uses it up: a code (or any code of an earlier time step)
	 * is refused once a code has been accepted, on every node.
	 */
	public boolean verify(long userId, String code) {
		List<byte[]> confirmed = this.jdbc.query(
				"SELECT secret_box FROM sso_user_totp WHERE user_id = ? AND confirmed_at IS NOT NULL",
				(rs, row) -> rs.getBytes(1), userId);
		if (confirmed.isEmpty()) {
			return false;
		}
		OptionalLong step = this.totp.match(this.masterKey.decrypt(confirmed.get(0), context(userId)), code,
				this.clock.instant());
		return step.isPresent() && this.jdbc.update(
				"UPDATE sso_user_totp SET last_used_step = ? WHERE user_id = ? AND last_used_step < ?",
				step.getAsLong(), userId, step.getAsLong()) == 1;
	}

	/** Removes the person's key (confirmed or not). */
	@Transactional
	public void remove(long userId) {
		this.jdbc.update("DELETE FROM sso_user_totp WHERE user_id = ?", userId);
		SecondFactorFlag.refresh(this.jdbc, userId);
	}

	private static String context(long userId) {
		return "totp:" + userId;
	}

}
