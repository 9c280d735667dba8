package io.microsys.sso.provider.api.permissions;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One permission of the catalogue.
 *
 * @param code what groups and grants name ({@code users.view}, {@code manage_staff})
 * @param area the console's area, or null for {@code manage_scopes} and {@code manage_staff}
 * @param action {@code view}, {@code add}, {@code change} or {@code delete}, or null for those two
 * @param onlySuperusersGrant whether only a superuser gives it
 * @param held whether the caller holds it now
 * @param grantable whether the caller may give it through a group (or take it away)
 */
@Schema(name = "Permission", description = "What staff may be given, directly or through a group")
record PermissionItem(@Schema(example = "users.view") String code,
		// No enum: OpenAPI 3.1 would then refuse the null of manage_scopes and manage_staff.
		@Schema(nullable = true, example = "users", description = "users, scopes, groups, clients, "
				+ "registrations, logs or settings; null for manage_scopes and manage_staff") String area,
		@Schema(nullable = true, example = "view",
				description = "view, add, change or delete; null for manage_scopes and manage_staff") String action,
		boolean onlySuperusersGrant, boolean held, boolean grantable) {
}
