package io.microsys.sso.provider.support;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.microsys.sso.provider.account.Emails;

/**
 * What makes two usernames (or two email addresses) the same account, and which usernames may be
 * chosen.
 * <ul>
 * <li>The <em>key</em> ({@link #key}) is what is stored, unique, in {@code username_key} and
 * {@code email_key} and compared byte for byte (a binary collation): the typed value without
 * surrounding ASCII spaces, in Unicode NFKC, case folded (upper case, then lower case, in the
 * root locale: {@code ß} and {@code SS} fold to {@code ss}, final sigma to sigma), in NFKC again.
 * So {@code BOB} and the full-width {@code ＢＯＢ} are bob's account, while {@code bób},
 * {@code bob} followed by a no-break or zero-width space, or {@code alicé} are not. Emails use the
 * same key: addresses are compared without regard to case; an accented address is another
 * address (it is another mailbox).</li>
 * <li>The <em>look-alike key</em> ({@link #lookalike}) also drops accents and other combining
 * marks, invisible (format) characters, controls and spaces: a new username whose look-alike key
 * is an existing one's ({@code bób} next to {@code bob}) is refused, and the sign-in throttle
 * counts every such spelling as one. It does not map letters of different scripts that look alike
 * (Latin {@code o}, Cyrillic {@code о}): that needs Unicode's confusables table.</li>
 * <li>A chosen username is 3 to 150 letters, digits, dots, dashes, plus signs or underscores: no
 * {@code @} (it would look like, and could be, someone's email address), no invisible, control or
 * space characters.</li>
 * </ul>
 * The keys depend on the Unicode version of the Java runtime only for characters that version adds.
 */
public final class NameKeys {

	/** Allowed usernames. */
	public static final String USERNAME_PATTERN = "[\\p{L}\\p{N}._+-]{3,150}";

	private static final Pattern USERNAME = Pattern.compile(USERNAME_PATTERN);

	/** Longest key the {@code username_key} column holds. */
	public static final int USERNAME_KEY_MAX = 150;

	/** Longest key the {@code email_key} column holds. */
	public static final int EMAIL_KEY_MAX = 254;

	private NameKeys() {
	}

	/** The key of a username or an address (see the class description); null for null. */
	public static String key(String value) {
		if (value == null) {
			return null;
		}
		String normalized = Normalizer.normalize(value.trim(), Normalizer.Form.NFKC);
		String folded = normalized.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
		return Normalizer.normalize(folded, Normalizer.Form.NFKC);
	}

	/**
	 * Whether a typed key can belong to an account: keys of accounts never hold spaces, invisible
	 * or control characters, so a value holding one names nobody (and is not looked up, because
	 * MySQL-family binary collations may ignore trailing spaces).
	 */
	public static boolean isSearchable(String key) {
		return key != null && !key.isEmpty() && key.codePoints().noneMatch((c) -> c == ' ' || isRefused(c));
	}

	/** The look-alike key of a username or an address (see the class description); empty for null. */
	public static String lookalike(String value) {
		if (value == null) {
			return "";
		}
		String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
		StringBuilder kept = new StringBuilder(decomposed.length());
		decomposed.codePoints()
			.filter((c) -> !isMark(c) && !isRefused(c) && !Character.isWhitespace(c))
			.forEach(kept::appendCodePoint);
		return key(kept.toString());
	}

	/**
	 * Why {@code username} (trimmed) cannot be chosen, as a message key, if it cannot:
	 * {@code username.error.invisible}, {@code username.error.email} or
	 * {@code setup.error.username}.
	 */
	public static Optional<String> usernameProblem(String username) {
		if (username == null || username.isEmpty()) {
			return Optional.of("setup.error.username");
		}
		if (username.codePoints().anyMatch(NameKeys::isRefused)) {
			return Optional.of("username.error.invisible");
		}
		if (username.indexOf('@') >= 0 || username.indexOf('\uFF20') >= 0 || username.indexOf('\uFE6B') >= 0) {
			return Optional.of("username.error.email");
		}
		if (!USERNAME.matcher(username).matches() || key(username).length() > USERNAME_KEY_MAX) {
			return Optional.of("setup.error.username");
		}
		return Optional.empty();
	}

	/** The {@link #usernameProblem} in English, for start-up and bootstrap-file messages. */
	public static String describe(String problem) {
		return switch (problem) {
			case "username.error.invisible" ->
				"a username may not contain invisible characters, control characters or spaces";
			case "username.error.email" -> "a username may not contain @ (it would look like an email address)";
			default -> "a username must be 3 to 150 letters, digits or . _ + -";
		};
	}

	/**
	 * Characters never part of a name: controls, invisible (format) characters such as U+200B,
	 * U+00AD or U+FEFF, spaces other than the ASCII one, private-use, unassigned and lone
	 * surrogate code points, and the letters Unicode says to ignore (the Hangul fillers).
	 */
	static boolean isRefused(int c) {
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
					Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE ->
				c != ' ';
			default -> c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800 || c == 0x034F
					|| (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F);
		};
	}

	private static boolean isMark(int c) {
		int type = Character.getType(c);
		return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
				|| type == Character.COMBINING_SPACING_MARK;
	}

}
