package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The person forgot their trusted browsers. Published by {@link TwoFactorChanges}; recorded as
 * {@code TRUSTED_BROWSERS_REVOKED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param count how many were forgotten
 */
public record TrustedBrowsersForgotten(String userUuid, String username, int count) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.TRUSTED_BROWSERS_REVOKED)
			.user(this.userUuid, this.username)
			.reason("by_user")
			.detail(this.count + " browser(s)");
	}

}
