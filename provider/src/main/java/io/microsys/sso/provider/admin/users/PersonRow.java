package io.microsys.sso.provider.admin.users;

import java.time.Instant;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;

/**
 * One person as the people list and its export show them.
 *
 * @param uuid the stable identifier, for the link to their pages
 * @param username the login name
 * @param email the address, or null
 * @param firstName the first name, or null
 * @param lastName the last name, or null
 * @param scopeName the scope's name, or null for none
 * @param status the account's state
 * @param staff whether they are staff
 * @param superuser whether they are a superuser
 * @param origin how the account came to exist
 * @param twoStep whether a second factor (authenticator app or email codes) is on
 * @param lastSignIn the last sign-in, or null for never
 * @param created when the account was made
 */
public record PersonRow(String uuid, String username, String email, String firstName, String lastName,
		String scopeName, UserStatus status, boolean staff, boolean superuser, AccountOrigin origin, boolean twoStep,
		Instant lastSignIn, Instant created) {

	/** First and last name, or the username when there is neither. */
	public String displayName() {
		return SsoUser.displayName(this.firstName, this.lastName, this.username);
	}

	/** Waiting for email verification or an approval. */
	public boolean pending() {
		return this.status == UserStatus.PENDING_APPROVAL || this.status == UserStatus.UNVERIFIED;
	}

}
