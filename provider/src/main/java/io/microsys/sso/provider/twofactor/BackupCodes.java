package io.microsys.sso.provider.twofactor;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.support.DrbgRandom;

/**
 * Backup codes: ten random codes of 12 characters (59 bits), shown once, stored as password
 * hashes, each usable once. A code is found by its first four characters, so checking it costs
 * one hash whatever the number of codes. Typing is forgiving: case, spaces and dashes are ignored.
 */
@Service
public class BackupCodes {

	/** Codes per set. */
	public static final int COUNT = 10;

	/** No 0/O, 1/I/L: nothing to misread. */
	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private static final int LENGTH = 12;

	private static final int LOOKUP = 4;

	private final JdbcTemplate jdbc;

	private final PasswordEncoder passwordEncoder;

	private final java.time.Clock clock;

	private final SecureRandom random = DrbgRandom.create();

	public BackupCodes(JdbcTemplate jdbc, PasswordEncoder passwordEncoder, java.time.Clock clock) {
		this.jdbc = jdbc;
		this.passwordEncoder = passwordEncoder;
		this.clock = clock;
	}

	/** A new set of codes, replacing every earlier one; the only time they are readable. */
	@Transactional
	public List<String> regenerate(long userId) {
		this.jdbc.update("DELETE FROM sso_backup_code WHERE user_id = ?", userId);
		Timestamp now = Timestamp.from(this.clock.instant());
		List<String> codes = new ArrayList<>(COUNT);
		while (codes.size() < COUNT) {
			String code = newCode();
			if (codes.stream().anyMatch((other) -> other.startsWith(code.substring(0, LOOKUP)))) {
				continue; // keep lookups unique within a set
			}
			this.jdbc.update(
					"INSERT INTO sso_backup_code (user_id, lookup, code_hash, used_at, created_at) VALUES (?, ?, ?, NULL, ?)",
					userId, code.substring(0, LOOKUP), this.passwordEncoder.encode(code), now);
			codes.add(code);
		}
		return codes.stream().map(BackupCodes::display).toList();
	}

	/** Uses up one code; {@code false} when it is wrong or was used already. */
	public boolean use(long userId, String typed) {
		String code = normalize(typed);
		if (code.length() != LENGTH) {
			return false;
		}
		List<Object[]> candidates = this.jdbc.query(
				"SELECT id, code_hash FROM sso_backup_code WHERE user_id = ? AND lookup = ? AND used_at IS NULL",
				(rs, row) -> new Object[] { rs.getLong(1), rs.getString(2) }, userId, code.substring(0, LOOKUP));
		for (Object[] candidate : candidates) {
			if (this.passwordEncoder.matches(code, (String) candidate[1])) {
				return this.jdbc.update("UPDATE sso_backup_code SET used_at = ? WHERE id = ? AND used_at IS NULL",
						Timestamp.from(this.clock.instant()), candidate[0]) == 1;
			}
		}
		return false;
	}

	/** Codes not used yet. */
	public int remaining(long userId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_backup_code WHERE user_id = ? AND used_at IS NULL", Integer.class, userId);
		return (count != null) ? count : 0;
	}

	/** Removes every code (when two-factor sign-in is turned off). */
	public void removeAll(long userId) {
		this.jdbc.update("DELETE FROM sso_backup_code WHERE user_id = ?", userId);
	}

	private String newCode() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	static String normalize(String typed) {
		return (typed == null) ? "" : typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
	}

	private static String display(String code) {
		return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
	}

}
