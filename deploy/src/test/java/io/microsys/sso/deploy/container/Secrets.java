package io.microsys.sso.deploy.container;

import java.util.regex.Pattern;

/** Whether a configured value looks like a real secret rather than a setting. */
public final class Secrets {

	/** A long run of key-like characters with both letters and digits: a key, a token, a password. */
	private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9+/=_-]{20,}");

	private static final Pattern LETTER_AND_DIGIT = Pattern.compile("(?=.*[A-Za-z])(?=.*[0-9]).*");

	private Secrets() {
	}

	/** True for a value holding a private key or a word that looks like a generated secret. */
	public static boolean looksLikeSecret(String value) {
		if (value == null) {
			return false;
		}
		if (value.contains("PRIVATE KEY")) {
			return true;
		}
		for (String word : value.split("[\\s,;]+")) {
			if (KEY_LIKE.matcher(word).matches() && LETTER_AND_DIGIT.matcher(word).matches()
					&& !word.startsWith("-") && !word.contains("__")) {
				return true;
			}
		}
		return false;
	}

}
