package io.microsys.sso.provider.setup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;

import io.microsys.sso.provider.account.EmailAddress;
import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.Password;
import io.microsys.sso.provider.account.PasswordConfirmed;
import io.microsys.sso.provider.settings.IssuerSetting;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Username;

/**
 * What the first-run setup form posts: the setup code and the first superuser's details, and the
 * installation's settings: its public URL (the issuer), its mail server (optional) and public
 * registration. A setting left out (an older form) stays as it is. {@code action} is
 * {@code test-mail} for the test message, anything else to finish the setup.
 */
@PasswordConfirmed
record SetupForm(String code, @Username String username, @EmailAddress String email, @Password String password,
		String passwordConfirm, String issuer, String registrationEnabled, String registrationMode,
		@Valid MailSettingsForm mail, String action) implements NewPassword {

	static final String TEST_MAIL = "test-mail";

	static SetupForm empty() {
		return new SetupForm("", "", "", "", "", null, null, null, null, null);
	}

	/** The form as first shown: the settings as they are. */
	static SetupForm initial(String issuer, boolean registrationEnabled, RegistrationMode mode, MailSettingsForm mail) {
		return new SetupForm("", "", "", "", "", issuer, registrationEnabled ? "true" : null, mode.value(), mail,
				null);
	}

	/** The form to show again: what was typed, without the passwords, with {@code code} as the code. */
	SetupForm forDisplay(String code) {
		return new SetupForm(code, this.username, this.email, "", "", Forms.clip(this.issuer, IssuerSetting.MAX_LENGTH),
				this.registrationEnabled, Forms.clip(this.registrationMode, 40),
				(this.mail != null) ? this.mail.forDisplay() : null, null);
	}

	/** The same form with {@code mail} as its mail settings (to show the settings in effect). */
	SetupForm withMail(MailSettingsForm mail) {
		return new SetupForm(this.code, this.username, this.email, this.password, this.passwordConfirm, this.issuer,
				this.registrationEnabled, this.registrationMode, mail, this.action);
	}

	/** The issuer must be an absolute http(s) URL with a path, without query or fragment; https unless local. */
	@AssertTrue(message = "{setup.error.issuer}")
	public boolean isIssuerValid() {
		String issuer = Forms.blankToNull(this.issuer);
		return issuer == null || IssuerSetting.problem(IssuerSetting.normalized(issuer)).isEmpty();
	}

	/** Registration is a box (ticked or not) and one of the modes. */
	@AssertTrue(message = "{settings.error.invalid}")
	public boolean isRegistrationValid() {
		return (this.registrationEnabled == null || this.registrationEnabled.equals("true"))
				&& (this.registrationMode == null || RegistrationMode.of(this.registrationMode).isPresent());
	}

	/** Whether the test message was asked for. */
	boolean testsMail() {
		return TEST_MAIL.equals(this.action);
	}

	/** Whether the form sets a mail server (a host was typed). */
	boolean setsMail() {
		return this.mail != null && Forms.blankToNull(this.mail.host()) != null;
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
