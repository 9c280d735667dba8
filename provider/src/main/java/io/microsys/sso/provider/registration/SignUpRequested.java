package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * Someone signed up with a new address (or again before confirming it): the unconfirmed account is
 * stored. Published by {@link Registrations} when the sign-up is processed, after its answer;
 * recorded as {@code REGISTRATION_REQUESTED} with the sign-up's address and browser.
 *
 * @param userUuid the account's UUID
 * @param username its username
 * @param origin the signing-up browser
 */
public record SignUpRequested(String userUuid, String username, AuditService.Origin origin) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.REGISTRATION_REQUESTED).user(this.userUuid, this.username).from(this.origin);
	}

}
