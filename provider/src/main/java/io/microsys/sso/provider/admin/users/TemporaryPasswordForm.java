package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A temporary password for a person, behind the actor's current password (checked by the policy in the service). */
record TemporaryPasswordForm(
		@NotBlank(message = "{person.security.error.password}") @Size(max = 256,
				message = "{person.security.error.password}") String currentPassword,
		@NotBlank(message = "{password.too-short}") @Size(max = 256,
				message = "{password.too-long}") String temporaryPassword) {
}
