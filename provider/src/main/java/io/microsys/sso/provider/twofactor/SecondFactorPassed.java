package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The challenge page accepted a code. Published by {@link Challenges}; recorded as
 * {@code SECOND_FACTOR_SUCCEEDED}.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param factor the kind of code
 */
public record SecondFactorPassed(String userUuid, String username, SignIn.Factor factor) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.SECOND_FACTOR_SUCCEEDED).user(this.userUuid, this.username).reason(this.factor.code());
	}

}
