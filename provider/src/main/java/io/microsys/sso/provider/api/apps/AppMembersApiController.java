package io.microsys.sso.provider.api.apps;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * {@code /apps/{clientId}/members}: who holds which role in an app, as on its members page. Staff
 * holding {@code clients.view} list and {@code clients.change} change; so do the app's own admins
 * (with their personal token), for that app only: they give {@code admin} only when the app lets
 * its admins appoint admins, and never change their own membership. A membership has no version:
 * PUT sets the role and DELETE removes it, both idempotent, without {@code If-Match}.
 */
@RestController
@Tag(name = "App members", description = "People's roles in a connected app")
class AppMembersApiController {

	static final String MEMBERS = AppsApiController.APP + "/members";

	static final String MEMBER = MEMBERS + "/{personId:[0-9a-fA-F-]{36}}";

	private static final String PROBLEM = AdminApi.PROBLEM_JSON;

	private final ApiAppMembers members;

	AppMembersApiController(ApiAppMembers members) {
		this.members = members;
	}

	@GetMapping(MEMBERS)
	@Operation(summary = "List an app's members", description = "The app's members the caller may see (keyset pages). "
			+ "Needs clients.view, or an admin membership in this app.")
	@ApiResponse(responseCode = "200", description = "A page of members")
	ResponseEntity<ItemsPage<AppMember>> list(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		return ApiResponses.page(this.members.page(actor, clientId, Cursor.of(after, limit, 1)), request);
	}

	@PutMapping(MEMBER)
	@Operation(summary = "Give a person a role in an app", description = "Adds the person with the role, or changes "
			+ "their role (lowering it ends their access to the app at once); the same role again changes nothing. "
			+ "Needs clients.change, or an admin membership in this app (admin only when the app lets its admins "
			+ "appoint admins; never one's own membership).")
	@ApiResponse(responseCode = "200", description = "The role was changed, or was so already")
	@ApiResponse(responseCode = "201", description = "The person was added")
	@ApiResponse(responseCode = "400", description = "Not a role", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app, or no such person the caller may see",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The person's account is not active (only active accounts are added)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppMember> put(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The person's id") @PathVariable String personId,
			@Valid @RequestBody AppMemberRole role) {
		ApiAppMembers.Put put = this.members.put(actor, clientId, personId, role.value());
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(put.added() ? HttpStatus.CREATED : HttpStatus.OK)
			.header("Cache-Control", "no-store");
		if (put.added()) {
			// The membership made by PUT is the resource at the request's own address.
			answer.location(org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentRequestUri()
				.build()
				.toUri());
		}
		return answer.body(put.member());
	}

	@DeleteMapping(MEMBER)
	@Operation(summary = "Remove a person from an app", description = "Removes the membership and ends the person's "
			+ "access to the app at once (not a member: nothing to do). Needs clients.change, or an admin membership "
			+ "in this app (never one's own; an admin only when the app lets its admins appoint admins).")
	@ApiResponse(responseCode = "204", description = "Not a member (any more)")
	@ApiResponse(responseCode = "404", description = "No such app, or no such person the caller may see",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> remove(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The person's id") @PathVariable String personId) {
		this.members.remove(actor, clientId, personId);
		return ResponseEntity.noContent().build();
	}

}
