package io.microsys.sso.provider.oidc;

import java.time.Instant;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * Too many wrong client secrets for an app, or from an address: its next attempts are refused
 * without a hash until the block ends. Published by {@link ThrottledClientSecretAuthentication};
 * recorded as {@code CLIENT_AUTHENTICATION_THROTTLED}, even if the work around it rolls back.
 *
 * @param clientId the app, or null when unknown
 * @param reason which limit was reached
 * @param until when the block ends
 */
public record ClientAuthenticationThrottled(String clientId, String reason, Instant until) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.CLIENT_AUTHENTICATION_THROTTLED)
			.client(this.clientId)
			.reason(this.reason)
			.detail("blocked until " + this.until);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
