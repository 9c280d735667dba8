package io.microsys.sso.provider.admin.groups;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.PlainText;

/** The person to add to a group: their username or email address. */
record MemberForm(@NotBlank(message = "{form.error.login}") @Size(max = 254, message = "{form.error.login}")
		@PlainText String login) {

	static final MemberForm EMPTY = new MemberForm("");

}
