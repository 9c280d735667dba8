package io.microsys.sso.provider.api.apps;

import java.net.URI;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * {@code /apps/{clientId}/invitations}: invitations to an app, as on its invitations page. Staff
 * holding {@code clients.view} list and {@code clients.change} invite, send again and withdraw; so
 * do the app's own admins, inviting only with the roles they may give. The email leaves before the
 * answer; when it could not, the answer carries the link to pass on.
 */
@RestController
@Tag(name = "App invitations", description = "Invitations to a connected app")
class AppInvitationsApiController {

	static final String INVITATIONS = AppsApiController.APP + "/invitations";

	static final String INVITATION = INVITATIONS + "/{id:\\d{1,18}}";

	private static final String PROBLEM = AdminApi.PROBLEM_JSON;

	private final ApiAppMembers members;

	AppInvitationsApiController(ApiAppMembers members) {
		this.members = members;
	}

	@GetMapping(INVITATIONS)
	@Operation(summary = "List invitations to an app", description = "Every invitation to the app, oldest first "
			+ "(keyset pages). Needs clients.view, or an admin membership in this app.")
	@ApiResponse(responseCode = "200", description = "A page of invitations")
	ResponseEntity<ItemsPage<AppInvitation>> list(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		return ApiResponses.page(this.members.invitations(actor, clientId, Cursor.of(after, limit, 1)), request);
	}

	@PostMapping(INVITATIONS)
	@Operation(summary = "Invite someone to an app", description = "Mails a link (valid 7 days) that gives the role in "
			+ "the app on acceptance; a pending invitation of the same address to the app is withdrawn. Needs "
			+ "clients.change, or an admin membership in this app (admin only when the app lets its admins appoint "
			+ "admins).")
	@ApiResponse(responseCode = "201", description = "Sent (mail says whether the email left; link is there when not)")
	@ApiResponse(responseCode = "400", description = "A bad address, role or language", content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppInvitation> invite(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Valid @RequestBody AppInvitationInput input) {
		AppInvitation invitation = this.members.invite(actor, clientId, input);
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path(AdminApi.BASE + "/apps/{clientId}/invitations/{id}")
			.buildAndExpand(clientId, invitation.id())
			.toUri();
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(location)
			.eTag(io.microsys.sso.provider.api.ETags.of(invitation.version()))
			.header("Cache-Control", "no-store")
			.body(invitation);
	}

	@GetMapping(INVITATION)
	@Operation(summary = "Read an invitation to an app", description = "Needs clients.view, or an admin membership in "
			+ "this app.")
	@ApiResponse(responseCode = "200", description = "The invitation")
	ResponseEntity<AppInvitation> invitation(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The invitation's id") @PathVariable long id) {
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(this.members.invitation(actor, clientId, id));
	}

	@PostMapping(INVITATION + "/resend")
	@Operation(summary = "Send an invitation again", description = "Mails a new link (the previous one stops working), "
			+ "valid 7 days again. Needs clients.change, or an admin membership in this app.")
	@ApiResponse(responseCode = "200", description = "Sent again")
	@ApiResponse(responseCode = "409", description = "The invitation is not pending", content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppInvitation> resend(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The invitation's id") @PathVariable long id) {
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(this.members.resend(actor, clientId, id));
	}

	@DeleteMapping(INVITATION)
	@Operation(summary = "Withdraw an invitation", description = "Its link stops working (withdrawn already: nothing to "
			+ "do). Needs clients.change, or an admin membership in this app.")
	@ApiResponse(responseCode = "204", description = "Withdrawn")
	@ApiResponse(responseCode = "409", description = "It was accepted or has expired", content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> revoke(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The invitation's id") @PathVariable long id) {
		this.members.revoke(actor, clientId, id);
		return ResponseEntity.noContent().build();
	}

}
