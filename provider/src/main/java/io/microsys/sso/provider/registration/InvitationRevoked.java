package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A superuser withdrew a pending invitation. Published by {@link Invitations}; recorded as
 * {@code INVITATION_REVOKED}.
 *
 * @param byUuid the superuser's UUID
 * @param byUsername the superuser's username
 * @param clientId the app's client id
 * @param email the invited address
 */
public record InvitationRevoked(String byUuid, String byUsername, String clientId, String email) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.INVITATION_REVOKED)
			.user(this.byUuid, this.byUsername)
			.client(this.clientId)
			.detail("to " + this.email)
			.actor(this.byUuid, this.byUsername)
			.change(AuditAction.DELETE, "invitation", this.clientId, this.email);
	}

}
