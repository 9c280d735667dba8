package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * "Trust this browser" was ticked at the challenge. Published by {@link Challenges}; recorded as
 * {@code TRUSTED_BROWSER_ADDED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 */
public record BrowserTrusted(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.TRUSTED_BROWSER_ADDED).user(this.userUuid, this.username);
	}

}
