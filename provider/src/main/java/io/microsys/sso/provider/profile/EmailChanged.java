package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A new email address was confirmed from its link. Published by {@link EmailChanges} in the
 * transaction that changes it; recorded as {@code EMAIL_CHANGED}, and the old address is told
 * ({@link ProfileMails}).
 *
 * @param user the person, with the new address
 * @param oldEmail the address it replaced (may be null)
 */
public record EmailChanged(SsoUser user, String oldEmail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.EMAIL_CHANGED).user(this.user.getUuid(), this.user.getUsername());
	}

}
