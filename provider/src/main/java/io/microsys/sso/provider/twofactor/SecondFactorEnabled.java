package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A second factor was turned on: an authenticator app confirmed by a first code, or email codes.
 * Published by {@link TwoFactorChanges}; recorded as {@code TWO_FACTOR_ENROLLED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param factor {@code totp} or {@code email_code}
 */
public record SecondFactorEnabled(String userUuid, String username, String factor) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.TWO_FACTOR_ENROLLED).user(this.userUuid, this.username).reason(this.factor);
	}

}
