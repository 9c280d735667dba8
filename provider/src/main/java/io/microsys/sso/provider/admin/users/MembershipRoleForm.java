package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A person added to an app, or their role there changed: the app (by client id) and the role. */
record MembershipRoleForm(
		@NotBlank(message = "{person.apps.error.app}") @Size(max = 100, message = "{person.apps.error.app}") String app,
		@NotBlank(message = "{person.apps.error.role}") @Pattern(regexp = "ADMIN|STAFF|USER",
				message = "{person.apps.error.role}") String role) {
}
