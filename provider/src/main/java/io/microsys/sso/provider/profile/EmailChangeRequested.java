package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A new email address was asked for on the profile and a confirmation link mailed to it.
 * Published by {@link EmailChanges}; recorded as {@code EMAIL_CHANGE_REQUESTED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 */
public record EmailChangeRequested(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.EMAIL_CHANGE_REQUESTED).user(this.userUuid, this.username);
	}

}
