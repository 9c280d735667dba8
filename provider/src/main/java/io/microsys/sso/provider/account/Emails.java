package io.microsys.sso.provider.account;

import java.util.regex.Pattern;

import io.microsys.sso.provider.support.NameKeys;

/** The shape of an email address the provider accepts (checked by sending it a link). */
public final class Emails {

	/**
	 * A local part, an {@code @} and a domain with a dot; no spaces (of any kind), control or
	 * invisible (format) characters; at most 254 characters.
	 */
	public static final String PATTERN = "[^@\\s\\p{Z}\\p{Cc}\\p{Cf}]{1,64}@[^@\\s\\p{Z}\\p{Cc}\\p{Cf}]{1,189}"
			+ "\\.[^@\\s\\p{Z}\\p{Cc}\\p{Cf}]{1,63}";

	private static final Pattern COMPILED = Pattern.compile(PATTERN);

	private Emails() {
	}

	/** Whether {@code email} (already trimmed) is one. */
	public static boolean isValid(String email) {
		return email != null && email.length() <= 254 && COMPILED.matcher(email).matches()
				&& NameKeys.key(email).length() <= NameKeys.EMAIL_KEY_MAX;
	}

}
