package io.microsys.sso.provider.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the page confirming a sign-up posts: the password chosen when signing up. */
record ConfirmForm(@NotBlank(message = "{form.error.signUpPassword}") @Size(max = 256,
		message = "{form.error.signUpPassword}") String password) {

	static ConfirmForm empty() {
		return new ConfirmForm(null);
	}

}
