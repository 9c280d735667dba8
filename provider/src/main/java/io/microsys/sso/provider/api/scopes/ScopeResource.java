package io.microsys.sso.provider.api.scopes;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.admin.scopes.ScopeState;

/**
 * A scope as the API answers it.
 *
 * @param id the scope's id
 * @param name its name
 * @param description its description, or null
 * @param people how many people (any state) are in it; null in lists
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
@Schema(name = "Scope", description = "An organisational unit people belong to")
record ScopeResource(@Schema(example = "12") long id, @Schema(example = "Finance") String name,
		@Schema(nullable = true) String description,
		@Schema(nullable = true, description = "How many people (any state) are in it; only on a single scope, "
				+ "null in lists") Long people,
		Instant createdAt, Instant updatedAt) {

	static ScopeResource of(ScopeState scope) {
		return new ScopeResource(scope.id(), scope.name(), scope.description(), scope.people(), scope.createdAt(),
				scope.updatedAt());
	}

}
