package io.microsys.sso.provider.session;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A new account was signed in without the sign-in form: its address was just confirmed with its
 * password, or an invitation created it. Published by {@link SignInCompletion}; recorded as
 * {@code LOGIN_SUCCESS}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param reason why: {@code email_verified} or {@code invitation}
 */
public record NewAccountSignedIn(String userUuid, String username, String reason) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.LOGIN_SUCCESS).user(this.userUuid, this.username).reason(this.reason);
	}

}
