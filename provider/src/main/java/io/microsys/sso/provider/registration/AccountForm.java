package io.microsys.sso.provider.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.PlainText;
import io.microsys.sso.provider.support.Username;

/**
 * What the form on an invitation posts to create an account (the address is the invitation's):
 * a first name, an optional last name and username, a password typed twice.
 */
@PasswordConfirmed
record AccountForm(
		@NotBlank(message = "{form.error.firstName}") @Size(max = 150,
				message = "{form.error.firstName}") @PlainText(message = "{form.error.firstName}") String firstName,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText(message = "{form.error.lastName}") String lastName,
		@Username(optional = true) String username, @Password String password, String passwordConfirm)
		implements NewPassword {

	static AccountForm empty() {
		return new AccountForm("", "", "", "", "");
	}

	/** The same form without the passwords, to show again (each field at most as long as it may be). */
	AccountForm forDisplay() {
		return new AccountForm(Forms.clip(this.firstName, 150), Forms.clip(this.lastName, 150),
				Forms.clip(this.username, 150), "", "");
	}

	/** The account these details make, writing in {@code language}. */
	Invitations.NewAccount account(String language) {
		return new Invitations.NewAccount(this.firstName.trim(), Forms.blankToNull(this.lastName),
				Forms.blankToNull(this.username), this.password, language);
	}

	/**
	 * Whether the password repeats the invited address or the username (the chosen one, else the
	 * one made from the address), which only the invitation knows.
	 */
	boolean passwordRepeats(String email, PasswordPolicy policy) {
		String name = (passwordUsername() != null) ? passwordUsername()
				: email.substring(0, Math.max(email.indexOf('@'), 0));
		return policy.problem(this.password, name, email).filter("like-username"::equals).isPresent();
	}

	@Override
	public String passwordUsername() {
		return Forms.blankToNull(this.username);
	}

}
