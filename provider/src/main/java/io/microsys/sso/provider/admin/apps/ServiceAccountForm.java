package io.microsys.sso.provider.admin.apps;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.access.Permission;

/**
 * The service account section of an app's page: the ticked permissions, the scope it is limited
 * to (empty: none, every scope) and the app's version the page was built on.
 */
record ServiceAccountForm(@NotBlank(message = "{clients.error.version}") @Pattern(regexp = "\\d{1,18}",
		message = "{clients.error.version}") String version,
		@Pattern(regexp = "\\d{0,18}", message = "{clients.serviceAccount.error.scope}") String scopeId,
		@Size(max = 40, message = "{form.error.permission}") List<@Size(max = 40) String> permissions) {

	long expectedVersion() {
		return Long.parseLong(this.version);
	}

	/** The chosen scope, or null for none. */
	Long scope() {
		return (this.scopeId == null || this.scopeId.isEmpty()) ? null : Long.valueOf(this.scopeId);
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

}
