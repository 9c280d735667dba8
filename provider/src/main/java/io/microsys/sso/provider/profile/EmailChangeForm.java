package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.account.EmailAddress;

/** What the profile's email form posts: the new address and the current password. */
record EmailChangeForm(@EmailAddress String newEmail, String currentPassword) {

	/** The same form to show again: the address at most as long as one may be, no password. */
	EmailChangeForm forDisplay() {
		String email = this.newEmail;
		return new EmailChangeForm((email != null && email.length() > 254) ? email.substring(0, 254) : email, null);
	}

}
