package io.microsys.sso.provider.setup;

import io.microsys.sso.provider.account.EmailAddress;
import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;
import io.microsys.sso.provider.support.Username;

/** What the first-run setup form posts: the setup code and the first superuser's details. */
@PasswordConfirmed
record SetupForm(String code, @Username String username, @EmailAddress String email, @Password String password,
		String passwordConfirm) implements NewPassword {

	static SetupForm empty() {
		return new SetupForm("", "", "", "", "");
	}

	/** The form to show again: what was typed, without the passwords, with {@code code} as the code. */
	SetupForm forDisplay(String code) {
		return new SetupForm(code, this.username, this.email, "", "");
	}

	@Override
	public String passwordUsername() {
		return (this.username != null) ? this.username.trim() : null;
	}

	@Override
	public String passwordEmail() {
		return (this.email != null) ? this.email.trim() : null;
	}

}
