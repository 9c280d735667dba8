package io.microsys.sso.provider.api.scopes;

import java.util.List;
import java.util.OptionalLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.admin.scopes.ScopeAdministration;
import io.microsys.sso.provider.admin.scopes.ScopeChangedMeanwhileException;
import io.microsys.sso.provider.admin.scopes.ScopeNameTakenException;
import io.microsys.sso.provider.admin.scopes.ScopeState;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ETags;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * {@code /scopes}: the organisational units, as the console's scope pages manage them
 * ({@link ScopeAdministration}, with the same rule: global staff and superusers holding the
 * {@code scopes.*} permission of the action).
 */
@RestController
@Tag(name = "Scopes", description = "Organisational units people belong to; for global staff and superusers")
class ScopesApiController {

	private static final String SCOPES = AdminApi.BASE + "/scopes";

	private static final String SCOPE = SCOPES + "/{id}";

	private static final String PROBLEM = AdminApi.PROBLEM_JSON;

	private final ScopeAdministration scopes;

	ScopesApiController(ScopeAdministration scopes) {
		this.scopes = scopes;
	}

	@GetMapping(SCOPES)
	@Operation(summary = "List scopes", description = "Scopes by id, a page at a time. Needs `scopes.view`, as "
			+ "global staff (or a service account not limited to a scope) or a superuser.")
	@ApiResponse(responseCode = "200", description = "A page of scopes (people are counted only on a single scope)")
	ResponseEntity<ItemsPage<ScopeResource>> list(Actor actor,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		Cursor cursor = Cursor.of(after, limit, 1);
		List<ScopeState> rows = this.scopes.after(actor, cursor.first() ? 0 : cursor.lastId(), cursor.fetchSize());
		return ApiResponses.page(ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.id()), ScopeResource::of),
				request);
	}

	@PostMapping(SCOPES)
	@Operation(summary = "Create a scope", description = "Needs `scopes.add`, as global staff or a superuser.")
	@ApiResponse(responseCode = "201", description = "Created; `Location` names it and `ETag` is its version")
	@ApiResponse(responseCode = "400", description = "A field is not valid (`errors` lists them); nothing created",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "A scope already has this name (in any case)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ScopeResource> create(Actor actor, @Valid @RequestBody ScopeRequest body) {
		ScopeState scope;
		try {
			scope = this.scopes.add(actor, body.name(), body.trimmedDescription());
		}
		catch (ScopeNameTakenException ex) {
			throw nameTaken();
		}
		return ApiResponses.created(ScopeResource.of(scope), "/scopes/" + scope.id(), scope.version());
	}

	@GetMapping(SCOPE)
	@Operation(summary = "Read a scope", description = "With how many people (any state) are in it. Needs "
			+ "`scopes.view`, as global staff or a superuser.")
	@ApiResponse(responseCode = "200", description = "The scope; `ETag` is its version")
	ResponseEntity<ScopeResource> read(Actor actor, @Parameter(description = "The scope's id") @PathVariable long id) {
		ScopeState scope = this.scopes.state(actor, id);
		return ApiResponses.resource(ScopeResource.of(scope), scope.version());
	}

	@PutMapping(SCOPE)
	@Operation(summary = "Replace a scope's name and description",
			description = "Needs `scopes.change`, as global staff or a superuser, and `If-Match` with the ETag "
					+ "read last.")
	@ApiResponse(responseCode = "200", description = "Changed; the new representation and `ETag`")
	@ApiResponse(responseCode = "400", description = "A field is not valid; nothing changed",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another scope has this name (in any case)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ScopeResource> replace(Actor actor, @Parameter(description = "The scope's id") @PathVariable long id,
			@Parameter(description = "The ETag read last, or `*`") @RequestHeader(value = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@Valid @RequestBody ScopeRequest body) {
		OptionalLong expected = ETags.expected(ifMatch);
		ScopeState scope;
		try {
			scope = this.scopes.change(actor, id, body.name(), body.trimmedDescription(), expected);
		}
		catch (ScopeNameTakenException ex) {
			throw nameTaken();
		}
		catch (ScopeChangedMeanwhileException ex) {
			throw ETags.changedMeanwhile();
		}
		return ApiResponses.resource(ScopeResource.of(scope), scope.version());
	}

	@DeleteMapping(SCOPE)
	@Operation(summary = "Delete a scope",
			description = "An empty scope, or one whose people all move to `moveTo` in the same step. A scope a "
					+ "service account is limited to is never deleted: change that app's service account first. "
					+ "Needs `scopes.delete`, as global staff or a superuser, and `If-Match`.")
	@ApiResponse(responseCode = "204", description = "Deleted (its people moved first, if any)")
	@ApiResponse(responseCode = "400", description = "`moveTo` is this scope or no scope",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409",
			description = "People are in it and no `moveTo` was given, a service account is limited to it, or "
					+ "another change of the same scopes was under way; nothing changed",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> delete(Actor actor, @Parameter(description = "The scope's id") @PathVariable long id,
			@Parameter(description = "The scope its people move to; needed when people are in it") @RequestParam(
					required = false) Long moveTo,
			@Parameter(description = "The ETag read last, or `*`") @RequestHeader(value = HttpHeaders.IF_MATCH,
					required = false) String ifMatch) {
		OptionalLong expected = ETags.expected(ifMatch);
		ScopeAdministration.Deletion outcome;
		try {
			outcome = this.scopes.delete(actor, id, moveTo, expected);
		}
		catch (ScopeChangedMeanwhileException ex) {
			throw ETags.changedMeanwhile();
		}
		return switch (outcome) {
			case DELETED -> ResponseEntity.noContent().build();
			case GONE -> throw ApiException.notFound("such scope");
			case NOT_EMPTY -> throw ApiException
				.conflict("People are in this scope: name the scope to move them to in moveTo.");
			case TARGET_GONE -> throw ApiException.invalid("moveTo", "there is no such scope");
			case SAME_TARGET -> throw ApiException.invalid("moveTo", "must be another scope than the one deleted");
			case BUSY -> throw ApiException
				.conflict("Someone else was changing these scopes at the same moment; nothing was done. Try again.");
			case LIMITS_SERVICE_ACCOUNTS -> throw ApiException.conflict("A service account is limited to this scope: "
					+ "change that app's service account first. Nothing was deleted.");
		};
	}

	private static ApiException nameTaken() {
		return ApiException.conflict("A scope already has this name (in any case): choose another.");
	}

}
