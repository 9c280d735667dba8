package io.microsys.sso.provider.oidc.authorization;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A provider session signed into an app for the first time (its first grant there was stored), so
 * an app's page can list its recent sign-ins. Recorded as {@code APP_SIGNED_IN} once the grant's
 * save committed.
 *
 * @param userUuid the person's UUID
 * @param username the name they signed in with, when known
 * @param clientId the app
 */
record AppSignedIn(String userUuid, String username, String clientId) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.APP_SIGNED_IN).user(this.userUuid, this.username).client(this.clientId);
	}

}
