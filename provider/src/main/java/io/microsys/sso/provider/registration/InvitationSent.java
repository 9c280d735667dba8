package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A superuser invited an address to an app, or sent a pending invitation again with a new link.
 * Published by {@link Invitations}; recorded as {@code INVITATION_SENT}. Its email is sent while the
 * superuser waits, not from this event (the page says whether it left).
 *
 * @param inviterUuid the superuser's UUID
 * @param inviterUsername the superuser's username
 * @param clientId the app's client id
 * @param role the role offered, as the claim names it
 * @param email the invited address
 * @param again whether a pending invitation was sent again
 */
public record InvitationSent(String inviterUuid, String inviterUsername, String clientId, String role, String email,
		boolean again) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.INVITATION_SENT)
			.user(this.inviterUuid, this.inviterUsername)
			.client(this.clientId)
			.reason(this.role)
			.detail("to " + this.email + (this.again ? " (again, new link)" : ""))
			.actor(this.inviterUuid, this.inviterUsername)
			.change(this.again ? AuditAction.UPDATE : AuditAction.CREATE, "invitation", this.clientId, this.email);
	}

}
