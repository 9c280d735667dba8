package io.microsys.sso.provider.admin.groups;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.support.PlainText;

/**
 * A group's name (unique in any case, at most 150 characters), description (at most 500) and the
 * codes of the permissions it gives (ticked boxes).
 */
record GroupForm(@NotBlank(message = "{form.error.groupName}") @Size(max = GroupAdministration.NAME_MAX, message = "{form.error.groupName}")
		@PlainText String name,
		@Size(max = 500, message = "{form.error.description}") @PlainText String description,
		@Size(max = 40, message = "{form.error.permission}") List<@Size(max = 40) String> permissions) {

	static final GroupForm EMPTY = new GroupForm("", "", List.of());

	String trimmedDescription() {
		return (this.description == null || this.description.isBlank()) ? null : this.description.trim();
	}

	/** The ticked permissions, or empty when one is not a permission. */
	Optional<Set<Permission>> chosen() {
		Set<Permission> chosen = EnumSet.noneOf(Permission.class);
		for (String code : (this.permissions != null) ? this.permissions : List.<String>of()) {
			Optional<Permission> permission = Permission.ofCode(code);
			if (permission.isEmpty()) {
				return Optional.empty();
			}
			chosen.add(permission.get());
		}
		return Optional.of(chosen);
	}

	/** The ticked codes, for showing the form again. */
	Set<String> checked() {
		return (this.permissions != null) ? Set.copyOf(this.permissions) : Set.of();
	}

}
