package io.microsys.sso.provider.admin.members;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.microsys.sso.provider.account.EmailAddress;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/** An invitation to the app of the page: the address, the role and the language of the email. */
record AppInviteForm(@EmailAddress(message = "{members.error.email}") String email,
		@NotBlank(message = "{members.error.role}") @Pattern(regexp = "ADMIN|STAFF|USER",
				message = "{members.error.role}") String role,
		String language) {

	static AppInviteForm empty() {
		return new AppInviteForm("", "USER", Language.ENGLISH.code());
	}

	/** The same form to show again (each field at most as long as it may be). */
	AppInviteForm forDisplay() {
		return new AppInviteForm(Forms.clip(this.email, 254), Forms.clip(this.role, 10),
				Language.orDefault(this.language).code());
	}

}
