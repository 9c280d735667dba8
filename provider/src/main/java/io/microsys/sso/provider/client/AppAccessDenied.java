package io.microsys.sso.provider.client;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A person was refused an app at its sign-in: no membership, an inactive policy or account, or a
 * second factor the app requires. Published where the refusal is decided (the login failure
 * handler, the authorization request checks, the token exchange); recorded as
 * {@code AUTHORIZATION_DENIED}, even if the work around it rolls back.
 *
 * @param userUuid the person's UUID
 * @param username the person's username, when known
 * @param clientId the app
 * @param reason the reason code of the refusal
 */
public record AppAccessDenied(String userUuid, String username, String clientId, String reason) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.AUTHORIZATION_DENIED)
			.user(this.userUuid, this.username)
			.client(this.clientId)
			.reason(this.reason);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
