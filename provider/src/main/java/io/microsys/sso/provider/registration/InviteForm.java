package io.microsys.sso.provider.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.account.EmailAddress;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * What a superuser's invitation form posts: the app's client id, the address, the role (a
 * {@link MembershipRole} claim value) and the language of the email.
 */
record InviteForm(@NotBlank(message = "{invitation.error.app}") @Size(max = 100,
		message = "{invitation.error.app}") String app, @EmailAddress String email,
		@NotNull(message = "{invitation.error.role}") @Pattern(regexp = "admin|staff|user",
				message = "{invitation.error.role}") String role,
		String language) {

	/** The form as a page shows it first: role user, the email in English. */
	static InviteForm empty() {
		return new InviteForm("", "", MembershipRole.USER.claimValue(), Language.ENGLISH.code());
	}

	/** The same form to show again (each field at most as long as it may be). */
	InviteForm forDisplay() {
		return new InviteForm(Forms.clip(this.app, 100), Forms.clip(this.email, 254),
				Forms.clip(this.role, 10), Language.orDefault(this.language).code());
	}

	/** The role chosen (once valid). */
	MembershipRole membershipRole() {
		return MembershipRole.fromClaimValue(this.role);
	}

	/** The language chosen for the email, English when none is. */
	Language emailLanguage() {
		return Language.orDefault(this.language);
	}

}
