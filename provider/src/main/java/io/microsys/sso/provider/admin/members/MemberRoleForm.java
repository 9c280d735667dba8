package io.microsys.sso.provider.admin.members;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A member's new role. */
record MemberRoleForm(@NotBlank(message = "{members.error.role}") @Pattern(regexp = "ADMIN|STAFF|USER",
		message = "{members.error.role}") String role) {
}
