package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A membership activated ({@code true}) or deactivated ({@code false}). */
record MembershipStateForm(
		@NotBlank(message = "{person.apps.error.app}") @Size(max = 100, message = "{person.apps.error.app}") String app,
		@NotBlank(message = "{person.apps.error.active}") @Pattern(regexp = "true|false",
				message = "{person.apps.error.active}") String active) {
}
