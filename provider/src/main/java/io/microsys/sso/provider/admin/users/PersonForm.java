package io.microsys.sso.provider.admin.users;

import java.util.List;

import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.account.NewPassword;
import io.microsys.sso.provider.account.PasswordConfirmed;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.PlainText;
import io.microsys.sso.provider.support.Username;

/**
 * What the console's "add a person" form posts. {@code passwordChoice} says how the person gets a
 * password: {@code set} (typed here, twice) or {@code link} (emailed a link to choose one, which
 * needs an email; without the link the email is optional). The scope, flags, groups and
 * permissions are checked by the policy in {@link PeopleAdministration}.
 */
@PasswordConfirmed
public record PersonForm(@Username String username, @OptionalEmail String email,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText String firstName,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText String lastName,
		@Size(max = 32, message = "{person.error.phone}") @PlainText(message = "{person.error.phone}") String phone,
		String language, Long scope, Boolean staff, Boolean superuser, List<Long> groups, List<String> permissions,
		String passwordChoice, String password, String passwordConfirm) implements NewPassword {

	/** Typing a password now. */
	static final String SET_PASSWORD = "set";

	/** Emailing a link to choose one. */
	public static final String EMAIL_LINK = "link";

	static PersonForm empty(String language) {
		return new PersonForm("", "", "", "", "", language, null, false, false, List.of(), List.of(), EMAIL_LINK, "",
				"");
	}

	/** The form to show again: what was typed, clipped, without the passwords. */
	PersonForm forDisplay() {
		return new PersonForm(Forms.clip(this.username, 150), Forms.clip(this.email, 254),
				Forms.clip(this.firstName, 150), Forms.clip(this.lastName, 150), Forms.clip(this.phone, 32),
				Forms.clip(this.language, 10), this.scope, this.staff, this.superuser, this.groups, this.permissions,
				this.passwordChoice, "", "");
	}

	public boolean isStaff() {
		return Boolean.TRUE.equals(this.staff);
	}

	public boolean isSuperuser() {
		return Boolean.TRUE.equals(this.superuser);
	}

	public List<Long> groupIds() {
		return (this.groups != null) ? this.groups : List.of();
	}

	public List<String> permissionCodes() {
		return (this.permissions != null) ? this.permissions : List.of();
	}

	boolean setsPassword() {
		return SET_PASSWORD.equals(this.passwordChoice);
	}

	@Override
	public String passwordUsername() {
		return (this.username != null) ? this.username.trim() : null;
	}

	@Override
	public String passwordEmail() {
		return Forms.blankToNull(this.email);
	}

}
