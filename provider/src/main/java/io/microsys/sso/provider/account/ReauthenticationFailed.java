package io.microsys.sso.provider.account;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A wrong current password was given for a sensitive change. Published by {@link CurrentPassword};
 * recorded as {@code REAUTHENTICATION_FAILED}, even if the work around it rolls back.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param action the change that was asked for (for example {@code change_password})
 */
public record ReauthenticationFailed(String userUuid, String username, String action) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.REAUTHENTICATION_FAILED).user(this.userUuid, this.username).reason(this.action);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
