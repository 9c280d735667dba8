package io.microsys.sso.provider.setup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.support.DrbgRandom;
import io.microsys.sso.provider.support.RandomTokens;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * The one-time code that proves the person on the setup page can read the provider's log: 160
 * random bits as 32 base32 characters (in groups of four), printed at each start while no
 * superuser exists. Only its SHA-256 is stored, in the database so that every node accepts it;
 * a code is compared in constant time and all codes are deleted once the first superuser exists.
 */
@Service
public class SetupCode {

	private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

	private static final int LENGTH = 32;

	private static final SecureRandom random = DrbgRandom.create();

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final LoginThrottle throttle;

	SetupCode(JdbcTemplate jdbc, Clock clock, LoginThrottle throttle) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.throttle = throttle;
	}

	/** A new code, valid until the first superuser exists; only its hash is kept. */
	public String issue() {
		StringBuilder code = new StringBuilder(LENGTH + LENGTH / 4);
		for (int i = 0; i < LENGTH; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
		}
		this.jdbc.update("INSERT INTO sso_setup_code (code_hash, created_at) VALUES (?, ?)",
				RandomTokens.hash(normalized(code.toString())), Timestamp.from(this.clock.instant()));
		return code.toString();
	}

	/**
	 * Checks a code typed on the setup page from {@code ip}: the attempt is counted against the
	 * address first (too many and it is refused unchecked for a while), and forgotten when right.
	 */
	Check check(String typed, String ip) {
		Optional<LoginThrottle.Block> block = this.throttle.setupCodeAttempt(ip);
		if (block.isPresent()) {
			return new Check(false, block.map(LoginThrottle.Block::until));
		}
		if (!matches(typed)) {
			return new Check(false, Optional.empty());
		}
		this.throttle.setupCodeAccepted(ip);
		return new Check(true, Optional.empty());
	}

	/** Whether {@code typed} is a code issued and not yet cleared. */
	boolean matches(String typed) {
		String candidate = normalized(typed);
		if (candidate.length() != LENGTH) {
			return false;
		}
		byte[] hash = RandomTokens.hash(candidate).getBytes(StandardCharsets.US_ASCII);
		List<String> stored = this.jdbc.queryForList("SELECT code_hash FROM sso_setup_code", String.class);
		boolean found = false;
		for (String each : stored) {
			// Every row is compared, in constant time: how long this takes says nothing about the code.
			found |= MessageDigest.isEqual(hash, each.getBytes(StandardCharsets.US_ASCII));
		}
		return found;
	}

	/** Deletes every code (the first superuser exists); how many there were. */
	int clear() {
		return this.jdbc.update("DELETE FROM sso_setup_code");
	}

	/** The code as typed or pasted: without spaces and dashes, in capitals. */
	private static String normalized(String typed) {
		if (typed == null || typed.length() > 100) {
			return "";
		}
		return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
	}

	/** The outcome of {@link #check}: whether the code was right, or until when the address is refused. */
	record Check(boolean accepted, Optional<Instant> blockedUntil) {
	}

}
