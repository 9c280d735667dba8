package io.microsys.sso.provider.oidc.authorization;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A refresh token that was already rotated came back outside the grace period, so the whole grant
 * was revoked. Published by {@link DatabaseAuthorizationService}; recorded as
 * {@code REFRESH_TOKEN_REUSE}, even if the work around it rolls back.
 *
 * @param userUuid the person the grant was for
 * @param clientId the registered client's id
 * @param authorizationId the revoked grant
 */
public record RefreshTokenReused(String userUuid, String clientId, String authorizationId) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.REFRESH_TOKEN_REUSE)
			.user(this.userUuid, null)
			.client(this.clientId)
			.reason("refresh_token_reuse")
			.detail("authorization=" + this.authorizationId);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
