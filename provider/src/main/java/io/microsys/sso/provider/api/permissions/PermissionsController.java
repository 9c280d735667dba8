package io.microsys.sso.provider.api.permissions;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.groups.GroupAdministration;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * {@code /permissions}: the catalogue of permissions (the same list the console's group page
 * shows as boxes), with what the caller holds and may give. It names no person, so any caller of
 * the API may read it.
 */
@RestController
@Tag(name = "Permissions", description = "The catalogue of permissions groups and grants name")
class PermissionsController {

	private final GroupAdministration groups;

	PermissionsController(GroupAdministration groups) {
		this.groups = groups;
	}

	@GetMapping(AdminApi.BASE + "/permissions")
	@Operation(summary = "List every permission", description = "Each permission's code, area and action (null for "
			+ "`manage_scopes` and `manage_staff`), whether only superusers give it, whether the caller holds it "
			+ "and whether the caller may put it on a group. One page, always complete. Any caller may read it.")
	@ApiResponse(responseCode = "200", description = "Every permission, in the console's order")
	ResponseEntity<ItemsPage<PermissionItem>> list(Actor actor, HttpServletRequest request) {
		Set<Permission> grantable = this.groups.grantable(actor);
		List<PermissionItem> items = Arrays.stream(Permission.values())
			.map((permission) -> new PermissionItem(permission.code(),
					(permission.area() != null) ? permission.area().code() : null,
					(permission.action() != null) ? permission.action().code() : null,
					permission.onlySuperusersGrant(), actor.holds(permission), grantable.contains(permission)))
			.toList();
		return ApiResponses.page(new ItemsPage<>(items, null), request);
	}

}
