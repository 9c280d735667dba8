package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A staff action that needs nothing but the actor's current password. */
record GuardForm(@NotBlank(message = "{person.security.error.password}") @Size(max = 256,
		message = "{person.security.error.password}") String currentPassword) {
}
