package io.microsys.sso.provider.login;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A sign-in failed: a wrong name or password ({@code bad_credentials}), or a right password for
 * an account that may not sign in now (its state as the reason). Published by the login's
 * listeners; recorded as {@code LOGIN_FAILURE}, even if the work around it rolls back.
 *
 * @param userUuid the person's UUID, when the password was right
 * @param username the name typed, or the person's username
 * @param reason the reason code
 */
public record SignInFailed(String userUuid, String username, String reason) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.LOGIN_FAILURE).user(this.userUuid, this.username).reason(this.reason);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
