package io.microsys.sso.provider.login;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The password step of a sign-in succeeded (Spring Security's own success event, as the provider
 * records it). Published by {@link LoginAuditListener}; recorded as {@code LOGIN_SUCCESS}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param reason how the step ended: null when complete, {@code trusted_browser}, or
 * {@code second_factor_required}
 */
public record SignInSucceeded(String userUuid, String username, String reason) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.LOGIN_SUCCESS).user(this.userUuid, this.username).reason(this.reason);
	}

}
