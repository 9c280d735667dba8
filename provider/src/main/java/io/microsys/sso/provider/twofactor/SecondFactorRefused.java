package io.microsys.sso.provider.twofactor;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * The challenge page refused a code: a wrong one ({@code SECOND_FACTOR_FAILED}), or one not even
 * checked because of too many recent wrong codes ({@code SECOND_FACTOR_THROTTLED}). Published by
 * {@link Challenges}; recorded even if the work around it rolls back.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param block the block that refused it unchecked, or null for a wrong code
 */
public record SecondFactorRefused(String userUuid, String username, LoginThrottle.Block block) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return (this.block != null)
				? audit.event(AuditEventType.SECOND_FACTOR_THROTTLED)
					.user(this.userUuid, this.username)
					.reason(this.block.reason())
					.detail("blocked until " + this.block.until())
				: audit.event(AuditEventType.SECOND_FACTOR_FAILED).user(this.userUuid, this.username).reason("wrong_code");
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
