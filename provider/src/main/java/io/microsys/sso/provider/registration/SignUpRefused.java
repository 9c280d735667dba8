package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A sign-up, a request for a new verification link, or a confirmation did nothing. Published by
 * {@link Registrations}; recorded as {@code REGISTRATION_REFUSED}, even if the work around it rolls
 * back.
 *
 * @param userUuid the account's UUID when one is concerned, else null
 * @param username its username, or the typed address
 * @param reason why (see docs/audit-events.md)
 * @param detail more about it, or null
 * @param origin where the sign-up came from when it is processed after its answer, else null (the
 * current request)
 */
public record SignUpRefused(String userUuid, String username, String reason, String detail,
		AuditService.Origin origin) implements Audited {

	/** A refusal in the request itself, about a typed address. */
	static SignUpRefused of(String typedEmail, String reason) {
		return new SignUpRefused(null, typedEmail, reason, null, null);
	}

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.REGISTRATION_REFUSED)
			.user(this.userUuid, this.username)
			.reason(this.reason)
			.detail(this.detail)
			.from(this.origin);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
