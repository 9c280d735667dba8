package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A reset link was used with a wrong authenticator or backup code. Published by
 * {@link PasswordResets}; recorded as {@code PASSWORD_RESET_FAILED} with reason {@code wrong_code}.
 *
 * @param userUuid the account's UUID
 * @param username its username
 */
public record PasswordResetFailed(String userUuid, String username) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.PASSWORD_RESET_FAILED).user(this.userUuid, this.username).reason("wrong_code");
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
