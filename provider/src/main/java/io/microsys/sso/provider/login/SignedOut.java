package io.microsys.sso.provider.login;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A person signed out of the provider, on its sign-out page or through an app's RP-initiated
 * logout. Published by {@link LogoutAudit}; recorded as {@code LOGOUT}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param clientId the app that asked, or null
 */
public record SignedOut(String userUuid, String username, String clientId) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.LOGOUT).user(this.userUuid, this.username).client(this.clientId);
	}

}
