package io.microsys.sso.provider.account;

/** How an account came to exist. */
public enum AccountOrigin {

	/** The first-launch setup page or the admin account environment variables. */
	SETUP,

	/** Created by an administrator. */
	ADMIN,

	/** Public self-registration. */
	SIGNUP,

	/** Accepted an invitation. */
	INVITATION,

	/** Declared in the bootstrap file. */
	BOOTSTRAP

}
