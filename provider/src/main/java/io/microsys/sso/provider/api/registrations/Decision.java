package io.microsys.sso.provider.api.registrations;

import jakarta.validation.constraints.Size;

/**
 * The body of an approval or a rejection: an optional reason the person reads in their email.
 *
 * @param reason at most 500 characters; control characters become spaces
 */
record Decision(@Size(max = 500, message = "must be at most 500 characters") String reason) {

	/** The reason on one line, or null when none was given. */
	String note() {
		return (this.reason == null || this.reason.isBlank()) ? null : this.reason.replaceAll("\\p{Cc}", " ").trim();
	}

}
