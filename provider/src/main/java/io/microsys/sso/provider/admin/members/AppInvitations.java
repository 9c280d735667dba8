package io.microsys.sso.provider.admin.members;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Decision;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.registration.Invitations;

/**
 * Invitations to one app from its invitations page: the rules of its members page (staff with
 * {@code clients.*}, or the app's own admins, who invite only with the roles they may give), the
 * invitations themselves as everywhere ({@link Invitations}).
 */
@Service
public class AppInvitations {

	/** Invitations shown. */
	static final int SHOWN = 100;

	private final AppMembers members;

	private final AdminPolicy policy;

	private final Invitations invitations;

	AppInvitations(AppMembers members, AdminPolicy policy, Invitations invitations) {
		this.members = members;
		this.policy = policy;
		this.invitations = invitations;
	}

	/**
	 * The page's content.
	 * @param app the app
	 * @param invitations the newest invitations to it
	 * @param mayChange whether the actor may invite, resend and withdraw
	 * @param roles the roles the actor may invite with
	 */
	public record View(AppMembers.App app, List<Invitations.Invitation> invitations, boolean mayChange,
			List<MembershipRole> roles) {
	}

	public View view(Actor actor, String clientId) {
		AppMembers.App app = this.members.require(actor, clientId, Action.VIEW);
		Decision change = this.policy.mayManageMembers(actor, app.appAdmin(), Action.CHANGE);
		List<Invitations.Invitation> recent = this.invitations.recentToApp(
				this.policy.mayManageMembers(actor, app.appAdmin(), Action.VIEW), app.client().getId(), SHOWN, actor);
		return new View(app, recent, change.isAllowed(),
				change.isAllowed() ? this.members.givable(actor, app) : List.of());
	}

	public Invitations.Sent invite(Actor actor, String clientId, String email, MembershipRole role, String language) {
		AppMembers.App app = this.members.require(actor, clientId, Action.CHANGE);
		Decision decision = this.policy.mayChangeMember(actor, app.appAdmin(),
				app.client().getPolicy().isAppAdminsAppointAdmins(), actor.userId(), true, role == MembershipRole.ADMIN);
		return this.invitations.inviteToApp(decision, app.client(), email, role, language, actor);
	}

	public Optional<Invitations.Sent> resend(Actor actor, String clientId, long id) {
		AppMembers.App app = this.members.require(actor, clientId, Action.CHANGE);
		// Sending an admin invitation again gives admin as much as sending it first did.
		boolean admin = this.invitations.roleOffered(app.client().getId(), id)
			.map((role) -> role == MembershipRole.ADMIN)
			.orElse(false);
		Decision decision = this.policy.mayChangeMember(actor, app.appAdmin(),
				app.client().getPolicy().isAppAdminsAppointAdmins(), actor.userId(), true, admin);
		return this.invitations.resendToApp(decision, app.client().getId(), id, actor);
	}

	public boolean revoke(Actor actor, String clientId, long id) {
		AppMembers.App app = this.members.require(actor, clientId, Action.CHANGE);
		return this.invitations.revokeToApp(this.policy.mayManageMembers(actor, app.appAdmin(), Action.CHANGE),
				app.client().getId(), id, actor);
	}

}
