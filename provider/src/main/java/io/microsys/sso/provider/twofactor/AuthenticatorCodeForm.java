package io.microsys.sso.provider.twofactor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * What the authenticator set-up form posts: the first code the app shows, six digits, which may be
 * typed with spaces or a dash in the middle.
 */
record AuthenticatorCodeForm(@NotBlank(message = "{form.error.code}") @Pattern(regexp = "[\\s-]*(\\d[\\s-]*){6}",
		message = "{form.error.code}") String code) {

	static AuthenticatorCodeForm empty() {
		return new AuthenticatorCodeForm("");
	}

	/** The six digits, without the spaces and dashes. */
	String digits() {
		return this.code.replaceAll("[\\s-]", "");
	}

}
