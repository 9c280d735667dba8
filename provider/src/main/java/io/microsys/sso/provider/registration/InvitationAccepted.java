package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * An invitation was accepted and the membership created (or its role changed). Published by
 * {@link Invitations}; recorded as {@code INVITATION_ACCEPTED}.
 *
 * @param userUuid the account's UUID
 * @param username its username
 * @param clientId the app's client id
 * @param role the role granted, as the claim names it
 * @param newAccount whether the invitation created the account
 */
public record InvitationAccepted(String userUuid, String username, String clientId, String role, boolean newAccount)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.INVITATION_ACCEPTED)
			.user(this.userUuid, this.username)
			.client(this.clientId)
			.reason(this.role)
			.detail(this.newAccount ? "new account" : "existing account")
			.actor(this.userUuid, this.username)
			.change(this.newAccount ? AuditAction.CREATE : AuditAction.UPDATE, "membership", this.clientId, this.username);
	}

}
