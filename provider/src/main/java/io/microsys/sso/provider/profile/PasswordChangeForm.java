package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;

/** What the profile's password form posts: the current password and the new one typed twice. */
@PasswordConfirmed(passwordField = "newPassword", confirmField = "newPasswordConfirm")
record PasswordChangeForm(String currentPassword, @Password String newPassword, String newPasswordConfirm)
		implements NewPassword {

	static PasswordChangeForm empty() {
		return new PasswordChangeForm(null, null, null);
	}

	@Override
	public String password() {
		return this.newPassword;
	}

	@Override
	public String passwordConfirm() {
		return this.newPasswordConfirm;
	}

}
