package io.microsys.sso.provider.twofactor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.PlainText;

/**
 * What the sign-in challenge posts: a code (from the authenticator app, an email, or a backup code)
 * and whether to trust this browser.
 */
record ChallengeForm(@NotBlank(message = "{challenge.wrong}") @Size(max = 64,
		message = "{challenge.wrong}") @PlainText(message = "{challenge.wrong}") String code, String trust) {

	/** Whether "trust this browser" was ticked. */
	boolean trusted() {
		return "true".equals(this.trust);
	}

}
