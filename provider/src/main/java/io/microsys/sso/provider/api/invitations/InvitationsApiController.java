package io.microsys.sso.provider.api.invitations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.registration.Invitations;
import io.microsys.sso.provider.support.Language;

/**
 * Invitations to connected apps ({@code /invitations}) with the console's rules: the
 * registrations area, {@code view} to list, {@code add} to invite, {@code change} to send again,
 * {@code delete} to withdraw. The email leaves as from the console; when it does not, the answer
 * carries the link once, to give the person another way.
 */
@RestController
@RequestMapping(AdminApi.BASE + "/invitations")
@Tag(name = "Invitations", description = "Invitations to join a connected app with a role")
class InvitationsApiController {

	private final Invitations invitations;

	private final ConnectedApps apps;

	InvitationsApiController(Invitations invitations, ConnectedApps apps) {
		this.invitations = invitations;
		this.apps = apps;
	}

	@GetMapping
	@Operation(summary = "List invitations", description = "Every invitation, newest first, whatever its state. "
			+ "Needs registrations.view.")
	@ApiResponse(responseCode = "200", description = "A page of invitations")
	ResponseEntity<ItemsPage<InvitationItem>> list(Actor actor,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		Cursor cursor = Cursor.of(after, limit, 1);
		ItemsPage<InvitationItem> page = ItemsPage.of(
				this.invitations.keyset(actor, cursor.first() ? null : cursor.lastId(), cursor.fetchSize()), cursor,
				(Invitations.Invitation invitation) -> Cursor.after(invitation.id()), InvitationItem::of);
		return ApiResponses.page(page, request);
	}

	@GetMapping("/{id:[0-9]{1,18}}")
	@Operation(summary = "Read an invitation", description = "One invitation, whatever its state. Needs "
			+ "registrations.view.")
	@ApiResponse(responseCode = "200", description = "The invitation, with its ETag")
	ResponseEntity<InvitationItem> read(Actor actor, @Parameter(description = "The invitation's id") @PathVariable long id) {
		InvitationItem item = InvitationItem.of(find(actor, Action.VIEW, id));
		return ApiResponses.resource(item, item.version());
	}

	@PostMapping
	@Operation(summary = "Invite someone to an app", description = "Mails a link (valid 7 days) that makes the "
			+ "account, or uses the signed-in one, and gives it the role in the app; a newer invitation to the same "
			+ "address and app withdraws the older one. Needs registrations.add.")
	@ApiResponse(responseCode = "201", description = "Invited; link is set when the email did not leave")
	@ApiResponse(responseCode = "400", description = "A bad address, role or language, or an unknown app",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<InvitationItem> invite(Actor actor, @Valid @RequestBody NewInvitation body) {
		SsoClient app = this.apps.byClientId(body.appClientId().trim())
			.orElseThrow(() -> ApiException.invalid("appClientId", "names no app"));
		MembershipRole role = (body.role() != null) ? MembershipRole.fromClaimValue(body.role()) : MembershipRole.USER;
		Invitations.Made created = this.invitations.create(app, body.email().trim(), role,
				Language.orDefault(body.language()).code(), actor);
		InvitationItem item = InvitationItem.of(find(actor, Action.ADD, created.id()), link(created.sent()));
		return ApiResponses.created(item, "/invitations/" + item.id(), item.version());
	}

	@PostMapping("/{id:[0-9]{1,18}}/resend")
	@Operation(summary = "Send an invitation again", description = "Mails a pending invitation again with a new "
			+ "link (the old one stops working), valid for the whole period again. Needs registrations.change.")
	@ApiResponse(responseCode = "200", description = "Sent again; link is set when the email did not leave")
	@ApiResponse(responseCode = "409", description = "Not pending (accepted, expired or withdrawn)",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<InvitationItem> resend(Actor actor, @Parameter(description = "The invitation's id") @PathVariable long id) {
		Invitations.Sent sent = this.invitations.resend(id, actor).orElse(null);
		Invitations.Invitation invitation = find(actor, Action.CHANGE, id);
		if (sent == null) {
			throw ApiException.conflict("This invitation is " + invitation.state().code() + ": only a pending one is sent again.");
		}
		InvitationItem item = InvitationItem.of(invitation, link(sent));
		return ApiResponses.resource(item, item.version());
	}

	@DeleteMapping("/{id:[0-9]{1,18}}")
	@Operation(summary = "Withdraw an invitation", description = "Its link stops working. Withdrawing one "
			+ "withdrawn already changes nothing (204 again). Needs registrations.delete.")
	@ApiResponse(responseCode = "204", description = "Withdrawn")
	@ApiResponse(responseCode = "409", description = "Accepted or expired already",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<Void> revoke(Actor actor, @Parameter(description = "The invitation's id") @PathVariable long id) {
		boolean revoked = this.invitations.revoke(id, actor);
		Invitations.Invitation invitation = find(actor, Action.DELETE, id);
		if (!revoked && invitation.state() != Invitations.State.REVOKED) {
			throw ApiException.conflict("This invitation is " + invitation.state().code() + ": it cannot be withdrawn.");
		}
		return ResponseEntity.noContent().build();
	}

	private Invitations.Invitation find(Actor actor, Action action, long id) {
		return this.invitations.find(actor, action, id).orElseThrow(() -> ApiException.notFound("invitation"));
	}

	private static String link(Invitations.Sent sent) {
		return sent.mailProblem().isPresent() ? sent.link() : null;
	}

}
