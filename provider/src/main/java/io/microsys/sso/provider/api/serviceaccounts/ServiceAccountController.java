package io.microsys.sso.provider.api.serviceaccounts;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.apps.ServiceAccountAdministration;
import io.microsys.sso.provider.admin.apps.ServiceAccountProblemException;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.ETags;

/**
 * {@code /apps/{clientId}/service-account}: what a confidential app may do through the admin API
 * for itself (client credentials), as on the app's page. Its {@code ETag} is the app's version,
 * which a change of the grants moves on.
 */
@RestController
@Tag(name = "Service accounts", description = "What an app may do through the admin API for itself")
class ServiceAccountController {

	private static final String PATH = AdminApi.BASE + "/apps/{clientId}/service-account";

	private final ServiceAccountAdministration serviceAccounts;

	private final MessageSource messages;

	ServiceAccountController(ServiceAccountAdministration serviceAccounts, MessageSource messages) {
		this.serviceAccounts = serviceAccounts;
		this.messages = messages;
	}

	/**
	 * An app's service account.
	 *
	 * @param clientId the app's client id
	 * @param usable whether the app can obtain a token for the API for itself now
	 * @param missing what it lacks for that: {@code confidential}, {@code client_credentials},
	 * {@code microsys.admin}, {@code active}
	 * @param scopeId the scope it is limited to (it acts as scoped staff), or null (global staff)
	 * @param permissions the permissions granted ({@code area.action} codes)
	 */
	record ServiceAccountBody(String clientId, boolean usable, List<String> missing, Long scopeId,
			List<String> permissions) {

		static ServiceAccountBody of(ServiceAccountAdministration.ServiceAccount account) {
			return new ServiceAccountBody(account.clientId(), account.usable(), account.missing(), account.scopeId(),
					account.codes());
		}

	}

	/**
	 * What a {@code PUT} replaces.
	 *
	 * @param scopeId the scope to limit the account to, or null for none
	 * @param permissions every permission it should hold ({@code area.action} codes; an empty list
	 * takes every one away)
	 */
	@JsonIgnoreProperties({ "clientId", "usable", "missing" })
	record ServiceAccountChange(@Positive(message = "must be a scope's id") Long scopeId,
			@NotNull(message = "list every permission the account should hold (an empty list for none)") @Size(
					max = 40, message = "at most 40 permissions") List<@NotNull @Size(max = 40) String> permissions) {
	}

	@GetMapping(PATH)
	@Operation(summary = "Read an app's service account",
			description = "The permissions the app holds when it calls the API with its own client credentials, the "
					+ "scope it is limited to, and whether it can get such a token now. Needs clients.view.")
	@ApiResponse(responseCode = "200", description = "The service account, with the app's version as ETag")
	ResponseEntity<ServiceAccountBody> get(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId) {
		ServiceAccountAdministration.ServiceAccount account = this.serviceAccounts.find(actor, clientId);
		return ApiResponses.resource(ServiceAccountBody.of(account), account.version());
	}

	@PutMapping(PATH)
	@Operation(summary = "Replace an app's service account",
			description = "Replaces the permissions and the scope limit of a confidential app's service account. Needs "
					+ "clients.change and manage_staff, holding each permission added or removed; only area.action "
					+ "permissions; an account without a scope limit only by global staff and superusers, scoped "
					+ "staff only within their scope. A service account never holds manage_staff, so it never "
					+ "changes a service account, its own included. Moves the app's version (its ETag).")
	@ApiResponse(responseCode = "200", description = "The service account as saved, with the app's new ETag")
	@ApiResponse(responseCode = "400", description = "Bad input: an unknown permission, a scope that does not exist, "
			+ "or a public app", content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<ServiceAccountBody> put(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The ETag read last, or * to overwrite") @RequestHeader(
					name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@Valid @RequestBody ServiceAccountChange change) {
		java.util.OptionalLong expected = ETags.expected(ifMatch);
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		for (String code : change.permissions()) {
			permissions.add(Permission.ofCode(code)
				.orElseThrow(() -> ApiException.invalid("permissions", "\"" + code + "\" is not a permission.")));
		}
		try {
			ServiceAccountAdministration.ServiceAccount account = this.serviceAccounts.replace(actor, clientId,
					expected, change.scopeId(), permissions);
			return ApiResponses.resource(ServiceAccountBody.of(account), account.version());
		}
		catch (ServiceAccountProblemException ex) {
			throw ApiException.invalid(ex.field(), this.messages.getMessage(ex.messageKey(), null, Locale.ENGLISH));
		}
	}

}
