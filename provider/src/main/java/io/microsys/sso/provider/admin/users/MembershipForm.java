package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** One membership of a person to remove: the app, by client id. */
record MembershipForm(
		@NotBlank(message = "{person.apps.error.app}") @Size(max = 100, message = "{person.apps.error.app}") String app) {
}
