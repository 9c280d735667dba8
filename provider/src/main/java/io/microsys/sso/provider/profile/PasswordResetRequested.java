package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A password reset request was processed: a link was mailed, or the reason says why not. Published
 * by {@link PasswordResets}; recorded as {@code PASSWORD_RESET_REQUESTED}, a refused one even if
 * the work around it rolls back.
 *
 * @param userUuid the account's UUID, null when none matched or it was not looked up
 * @param username its username, or the typed value when no account is known
 * @param reason why no link was sent ({@code unknown_account}, {@code cooldown},
 * {@code address_throttled}, {@code busy}), or null when one was
 * @param origin the asking browser (the request is processed after its answer)
 */
public record PasswordResetRequested(String userUuid, String username, String reason, AuditService.Origin origin)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.PASSWORD_RESET_REQUESTED)
			.user(this.userUuid, this.username)
			.reason(this.reason)
			.from(this.origin);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return this.reason != null;
	}

}
