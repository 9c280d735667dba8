package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * New backup codes replaced the old ones. Published by {@link TwoFactorChanges}; recorded as
 * {@code BACKUP_CODES_GENERATED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 */
public record BackupCodesGenerated(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.BACKUP_CODES_GENERATED).user(this.userUuid, this.username);
	}

}
