package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A sign-in code was emailed at the person's request. Published by {@link Challenges}; recorded as
 * {@code EMAIL_CODE_SENT}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 */
public record EmailCodeSent(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.EMAIL_CODE_SENT).user(this.userUuid, this.username);
	}

}
