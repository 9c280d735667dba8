package io.microsys.sso.provider.account;

/**
 * A form where a person chooses a password and types it twice; checked with
 * {@link PasswordConfirmed}.
 */
public interface NewPassword {

	/** The password typed. */
	String password();

	/** The password typed again. */
	String passwordConfirm();

	/** The username the password may not contain, if known. */
	default String passwordUsername() {
		return null;
	}

	/** The email address the password may not be, if known. */
	default String passwordEmail() {
		return null;
	}

}
