package io.microsys.sso.provider.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the "forgot your password" form posts: an email address or a username, as typed. */
record ResetRequestForm(@NotBlank(message = "{reset.error.login}") @Size(max = 254,
		message = "{reset.error.login}") String login) {

	/** What was typed, trimmed. */
	String typed() {
		return this.login.trim();
	}

}
