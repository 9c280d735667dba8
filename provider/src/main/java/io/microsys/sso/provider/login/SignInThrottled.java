package io.microsys.sso.provider.login;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A sign-in was refused without checking its password: too many recent failures for the account
 * or the address. Published by {@link ThrottledPasswordAuthentication}; recorded as
 * {@code LOGIN_THROTTLED}, even if the work around it rolls back.
 *
 * @param username the name typed
 * @param reason which limit refused it
 * @param until when the block ends
 */
public record SignInThrottled(String username, String reason, java.time.Instant until) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.LOGIN_THROTTLED)
			.user(null, this.username)
			.reason(this.reason)
			.detail("blocked until " + this.until);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
