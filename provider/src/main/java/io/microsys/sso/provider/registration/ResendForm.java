package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.account.EmailAddress;

/** What the "send a new link" form posts: the address the sign-up used. */
record ResendForm(@EmailAddress String email) {

	/** The address as typed, trimmed. */
	String address() {
		return this.email.trim();
	}

}
