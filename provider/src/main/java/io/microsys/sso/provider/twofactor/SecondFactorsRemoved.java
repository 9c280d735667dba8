package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * Two-step verification was turned off by the person: every factor, backup code and trusted
 * browser removed. Published by {@link TwoFactorChanges}; recorded as {@code TWO_FACTOR_REMOVED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 */
public record SecondFactorsRemoved(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.TWO_FACTOR_REMOVED).user(this.userUuid, this.username).reason("by_user");
	}

}
