package io.microsys.sso.provider.oidc.device;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * User codes of the device authorization grant (RFC 8628 §6.1): eight letters from twenty
 * consonants, shown as {@code BCDF-GHJK}. No vowels (no words), no digits (no 0/O, 1/I
 * confusion); typed in any case, with or without the dash or spaces.
 */
public final class UserCodes {

	private static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

	private static final int LENGTH = 8;

	/** Longest entry looked at; anything longer is not a code (and is not echoed back). */
	static final int MAX_ENTRY = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private UserCodes() {
	}

	/** A new code, in the form it is shown and stored in. */
	static String generate() {
		StringBuilder code = new StringBuilder(LENGTH + 1);
		for (int i = 0; i < LENGTH; i++) {
			if (i == LENGTH / 2) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/**
	 * The code a person typed, in its stored form, or empty when it cannot be one (wrong length or
	 * letters): such an entry is a wrong code without a lookup.
	 */
	public static Optional<String> normalize(String typed) {
		if (typed == null || typed.length() > MAX_ENTRY) {
			return Optional.empty();
		}
		StringBuilder letters = new StringBuilder(LENGTH);
		for (int i = 0; i < typed.length(); i++) {
			char c = typed.charAt(i);
			if (c == '-' || c == ' ' || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013') {
				continue;
			}
			String upper = String.valueOf(c).toUpperCase(Locale.ROOT);
			if (upper.length() != 1 || ALPHABET.indexOf(upper.charAt(0)) < 0) {
				return Optional.empty();
			}
			letters.append(upper);
		}
		if (letters.length() != LENGTH) {
			return Optional.empty();
		}
		return Optional.of(letters.substring(0, LENGTH / 2) + "-" + letters.substring(LENGTH / 2));
	}

}
