package io.microsys.sso.provider.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.PlainText;

/** What the profile's name form posts: a first name and an optional last name. */
record NameForm(
		@NotBlank(message = "{form.error.firstName}") @Size(max = 150,
				message = "{form.error.firstName}") @PlainText(message = "{form.error.firstName}") String firstName,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText(message = "{form.error.lastName}") String lastName) {

	/** The same form to show again, each field at most as long as it may be. */
	NameForm forDisplay() {
		return new NameForm(Forms.clip(this.firstName, 150), Forms.clip(this.lastName, 150));
	}

}
