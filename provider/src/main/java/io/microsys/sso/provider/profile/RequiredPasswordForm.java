package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;

/** What the "choose a new password" page posts after a sign-in with a temporary password. */
@PasswordConfirmed(passwordField = "newPassword", confirmField = "newPasswordConfirm")
record RequiredPasswordForm(@Password String newPassword, String newPasswordConfirm) implements NewPassword {

	@Override
	public String password() {
		return this.newPassword;
	}

	@Override
	public String passwordConfirm() {
		return this.newPasswordConfirm;
	}

}
