package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A superuser approved or rejected a registration waiting for a decision. Published by
 * {@link Registrations}; recorded as {@code REGISTRATION_APPROVED} or {@code REGISTRATION_REJECTED},
 * and the person is mailed ({@link RegistrationMails}).
 *
 * @param user the account, as it is now
 * @param reviewerUsername the superuser's username
 * @param approved whether it was approved
 * @param reason the reason given, or null
 */
public record RegistrationReviewed(SsoUser user, String reviewerUsername, boolean approved, String reason)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.approved ? AuditEventType.REGISTRATION_APPROVED : AuditEventType.REGISTRATION_REJECTED)
			.user(this.user.getUuid(), this.user.getUsername())
			.reason("by " + this.reviewerUsername)
			.detail(this.reason)
			.actor(null, this.reviewerUsername)
			.change(AuditAction.UPDATE, "user", this.user.getUuid(), this.user.getUsername())
			.about((this.user.getScope() != null) ? this.user.getScope().getId() : null, this.user.isSuperuser());
	}

}
