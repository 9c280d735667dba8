package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One session of a person to end (by its handle), behind the actor's current password. */
record EndSessionForm(
		@NotBlank(message = "{person.security.error.session}") @Pattern(regexp = "[A-Za-z0-9_-]{8,128}",
				message = "{person.security.error.session}") String session,
		@NotBlank(message = "{person.security.error.password}") @Size(max = 256,
				message = "{person.security.error.password}") String currentPassword) {
}
