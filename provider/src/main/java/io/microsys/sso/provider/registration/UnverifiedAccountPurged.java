package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * An account whose address was never confirmed was deleted after the retention time. Published by
 * {@link Registrations}; recorded as {@code REGISTRATION_PURGED}.
 *
 * @param userUuid the account's UUID
 * @param username its username
 */
public record UnverifiedAccountPurged(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.REGISTRATION_PURGED).user(this.userUuid, this.username).reason("never_verified")
			.change(AuditAction.DELETE, "user", this.userUuid, this.username);
	}

}
