package io.microsys.sso.provider.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.account.EmailAddress;
import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.PlainText;
import io.microsys.sso.provider.support.Username;

/**
 * What the public sign-up form posts: a first name, an optional last name and username, an email
 * address and a password typed twice; {@code website} is the field only robots fill in.
 */
@PasswordConfirmed
record SignUpForm(
		@NotBlank(message = "{form.error.firstName}") @Size(max = 150,
				message = "{form.error.firstName}") @PlainText(message = "{form.error.firstName}") String firstName,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText(message = "{form.error.lastName}") String lastName,
		@EmailAddress String email, @Username(optional = true) String username, @Password String password,
		String passwordConfirm, String website) implements NewPassword {

	static SignUpForm empty() {
		return new SignUpForm("", "", "", "", "", "", "");
	}

	/** The same form without the passwords, to show again (each field at most as long as it may be). */
	SignUpForm forDisplay() {
		return new SignUpForm(Forms.clip(this.firstName, 150), Forms.clip(this.lastName, 150),
				Forms.clip(this.email, 254), Forms.clip(this.username, 150), "", "", "");
	}

	/** Whether a robot filled in the field people do not see. */
	boolean isRobot() {
		return this.website != null && !this.website.isEmpty();
	}

	/** The applicant these details describe, writing in {@code language}. */
	Registrations.Applicant applicant(String language) {
		return new Registrations.Applicant(this.firstName.trim(), Forms.blankToNull(this.lastName), this.email.trim(),
				Forms.blankToNull(this.username), this.password, language);
	}

	/** The chosen username, else the one made from the address's local part. */
	@Override
	public String passwordUsername() {
		String chosen = Forms.blankToNull(this.username);
		if (chosen != null || this.email == null) {
			return chosen;
		}
		String email = this.email.trim();
		return email.substring(0, Math.max(email.indexOf('@'), 0));
	}

	@Override
	public String passwordEmail() {
		return (this.email != null) ? this.email.trim() : null;
	}

}
