package io.microsys.sso.provider.api.apps;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.admin.members.AppInvitations;
import io.microsys.sso.provider.admin.members.AppMembers;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.registration.Invitations;
import io.microsys.sso.provider.support.Language;

/**
 * The admin API's members and invitations of one app: the console's {@link AppMembers} and
 * {@link AppInvitations} (staff with {@code clients.*}, or the app's own admins within the app's
 * limits), with keyset pages. A person the caller may not see, like an app or invitation that is
 * not there, is a 404.
 */
@Service
class ApiAppMembers {

	private final AppMembers members;

	private final AppInvitations appInvitations;

	private final Invitations invitations;

	private final MembershipChanges memberships;

	private final AdminPolicy policy;

	ApiAppMembers(AppMembers members, AppInvitations appInvitations, Invitations invitations,
			MembershipChanges memberships, AdminPolicy policy) {
		this.members = members;
		this.appInvitations = appInvitations;
		this.invitations = invitations;
		this.memberships = memberships;
		this.policy = policy;
	}

	/** One page of the app's members the caller may see, by account. */
	ItemsPage<AppMember> page(Actor actor, String clientId, Cursor cursor) {
		AppMembers.App app = this.members.require(actor, clientId, Action.VIEW);
		List<MembershipChanges.Member> rows = this.memberships.membersAfter(app.client().getId(),
				this.policy.visibleMembers(actor, app.appAdmin()), cursor.first() ? 0L : cursor.lastId(),
				cursor.fetchSize());
		return ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.userId()), AppMember::of);
	}

	/**
	 * The person's membership after giving them {@code role}.
	 * @param added whether they were added (not a member before)
	 * @param member the membership now
	 */
	record Put(boolean added, AppMember member) {
	}

	/** Gives the person the role in the app: adds them, changes their role, or leaves it so. */
	Put put(Actor actor, String clientId, String personId, MembershipRole role) {
		AppMembers.Put put = this.members.put(actor, clientId, personId, role);
		return switch (put.outcome()) {
			case ADDED -> new Put(true, AppMember.of(put.member()));
			case CHANGED, UNCHANGED -> new Put(false, AppMember.of(put.member()));
			case NOT_ACTIVE -> throw ApiException.conflict("Only an active account can be added to an app.");
			case CHANGED_MEANWHILE -> throw ApiException
				.conflict("The membership kept changing meanwhile: read it again and try again.");
		};
	}

	/** Removes the person from the app (not a member: nothing to do). */
	void remove(Actor actor, String clientId, String personId) {
		this.members.remove(actor, clientId, personId);
	}

	/** One page of the invitations to the app, oldest first. */
	ItemsPage<AppInvitation> invitations(Actor actor, String clientId, Cursor cursor) {
		AppMembers.App app = this.members.require(actor, clientId, Action.VIEW);
		List<Invitations.Invitation> rows = this.invitations.toApp(
				this.policy.mayManageMembers(actor, app.appAdmin(), Action.VIEW), app.client().getId(),
				cursor.first() ? 0L : cursor.lastId(), cursor.fetchSize(), actor);
		return ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.id()), (row) -> AppInvitation.of(row, null));
	}

	/** One invitation to the app (404 when it is not one of the app's). */
	AppInvitation invitation(Actor actor, String clientId, long id) {
		return AppInvitation.of(find(actor, clientId, id).orElseThrow(() -> ApiException.notFound("invitation")),
				null);
	}

	/** Invites an address to the app and mails the link now; the link is answered only when the mail did not leave. */
	AppInvitation invite(Actor actor, String clientId, AppInvitationInput input) {
		Invitations.Sent sent = this.appInvitations.invite(actor, clientId, input.email().trim(), input.roleValue(),
				Language.orDefault(input.language()).code());
		return answer(sent);
	}

	/** Sends a pending invitation again with a new link. */
	AppInvitation resend(Actor actor, String clientId, long id) {
		Optional<Invitations.Sent> sent = this.appInvitations.resend(actor, clientId, id);
		if (sent.isEmpty()) {
			find(actor, clientId, id).orElseThrow(() -> ApiException.notFound("invitation"));
			throw ApiException.conflict("The invitation is not pending: it was accepted, withdrawn or has expired.");
		}
		return answer(sent.get());
	}

	/** Withdraws a pending invitation; one withdrawn already is fine, an accepted or expired one a 409. */
	void revoke(Actor actor, String clientId, long id) {
		if (this.appInvitations.revoke(actor, clientId, id)) {
			return;
		}
		Invitations.Invitation invitation = find(actor, clientId, id)
			.orElseThrow(() -> ApiException.notFound("invitation"));
		if (invitation.state() != Invitations.State.REVOKED) {
			throw ApiException.conflict("The invitation is " + invitation.state().code() + ": it can no longer be withdrawn.");
		}
	}

	private Optional<Invitations.Invitation> find(Actor actor, String clientId, long id) {
		AppMembers.App app = this.members.require(actor, clientId, Action.VIEW);
		// The keyset read from just below the id answers that one invitation when it is the app's.
		return this.invitations
			.toApp(this.policy.mayManageMembers(actor, app.appAdmin(), Action.VIEW), app.client().getId(), id - 1, 1,
					actor)
			.stream()
			.filter((invitation) -> invitation.id() == id)
			.findFirst();
	}

	/** The invitation a link was just made for: found by the link's token, the only key it has. */
	private AppInvitation answer(Invitations.Sent sent) {
		String token = sent.link().substring(sent.link().lastIndexOf('/') + 1);
		Invitations.Invitation invitation = this.invitations.find(token)
			.orElseThrow(() -> new IllegalStateException("An invitation just sent is not stored"));
		return AppInvitation.of(invitation, sent.mailProblem().isPresent() ? sent.link() : null);
	}

}
