package io.microsys.sso.provider.api.me;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.api.AdminApi;

/** Who the caller is to the API: for scripts to check their token and what it may do. */
@RestController
@Tag(name = "Caller", description = "Who the token acts as")
class CallerController {

	/**
	 * The caller.
	 *
	 * @param kind {@code person} or {@code service_account}
	 * @param id the person's id, or the service account's client id
	 * @param name the username, or {@code service-account-<client id>}
	 * @param tier {@code superuser}, {@code global_staff}, {@code central_staff}, {@code scoped_staff} or {@code person}
	 * @param scopeId the scope the caller is limited to, or null
	 * @param permissions the permissions held (a superuser holds every one)
	 */
	record Caller(String kind, String id, String name, String tier, Long scopeId, List<String> permissions) {
	}

	@GetMapping(AdminApi.BASE + "/me")
	@Operation(summary = "The caller", description = "The person or service account the bearer token acts as, "
			+ "with its tier, scope and permissions as stored now. Any valid admin API token may call it.")
	Caller me(Actor actor) {
		List<String> permissions = java.util.Arrays.stream(Permission.values())
			.filter(actor::holds)
			.map(Permission::code)
			.toList();
		return new Caller(actor.isServiceAccount() ? "service_account" : "person",
				actor.isServiceAccount() ? actor.serviceAccount() : actor.uuid(), actor.username(),
				actor.tier().name().toLowerCase(java.util.Locale.ROOT), actor.scopeId(), permissions);
	}

}
