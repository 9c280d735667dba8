package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A signed-in account tried to accept an invitation sent to another address; nothing changed.
 * Published by {@link Invitations}; recorded as {@code INVITATION_REFUSED}, even if the work around
 * it rolls back.
 *
 * @param userUuid the account's UUID
 * @param username its username
 * @param clientId the app's client id
 * @param email the invited address
 */
public record InvitationRefused(String userUuid, String username, String clientId, String email) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.INVITATION_REFUSED)
			.user(this.userUuid, this.username)
			.client(this.clientId)
			.reason("other_address")
			.detail("to " + this.email);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
