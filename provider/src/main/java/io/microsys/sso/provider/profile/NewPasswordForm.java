package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;

/**
 * What the password reset form posts: the new password typed twice and, for a person with an
 * authenticator, one of its codes or a backup code.
 */
@PasswordConfirmed(passwordField = "newPassword", confirmField = "newPasswordConfirm")
record NewPasswordForm(@Password String newPassword, String newPasswordConfirm, String code) implements NewPassword {

	@Override
	public String password() {
		return this.newPassword;
	}

	@Override
	public String passwordConfirm() {
		return this.newPasswordConfirm;
	}

}
