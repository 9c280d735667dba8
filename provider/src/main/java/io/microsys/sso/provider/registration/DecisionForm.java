package io.microsys.sso.provider.registration;

import jakarta.validation.constraints.Size;

/** What approving or rejecting a registration posts: an optional reason the person reads in their email. */
record DecisionForm(@Size(max = 500, message = "{form.error.reason}") String reason) {

	/** The reason on one line (a pasted tab or line break becomes a space), or null when none was given. */
	String note() {
		return (this.reason == null || this.reason.isBlank()) ? null : this.reason.replaceAll("\\p{Cc}", " ").trim();
	}

}
