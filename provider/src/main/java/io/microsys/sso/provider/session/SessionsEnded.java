package io.microsys.sso.provider.session;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * Sessions of a person were ended from another one: one or all others by the person, or the older
 * ones when a sign-in completed under "one active session per person". Published by
 * {@link SignedInDevices}; recorded as {@code SESSION_ENDED}. Each ended session also published
 * {@link SessionEnded}, from which its apps are told (back-channel logout).
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param reason {@code by_user}, {@code others_by_user} or {@code single_session}
 * @param detail which or how many
 */
public record SessionsEnded(String userUuid, String username, String reason, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.SESSION_ENDED)
			.user(this.userUuid, this.username)
			.reason(this.reason)
			.detail(this.detail);
	}

}
