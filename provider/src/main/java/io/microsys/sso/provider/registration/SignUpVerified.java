package io.microsys.sso.provider.registration;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.settings.RegistrationMode;

/**
 * A verification link was confirmed with the chosen password: the account is active, or waits for
 * approval. Published by {@link Registrations}; recorded as {@code REGISTRATION_VERIFIED}; when the
 * account waits, superusers are mailed ({@link RegistrationMails}).
 *
 * @param user the account, as it is now
 * @param mode the activation mode it was confirmed under
 */
public record SignUpVerified(SsoUser user, RegistrationMode mode) implements Audited {

	/** Whether the account now waits for a superuser's decision. */
	public boolean waitsForApproval() {
		return this.user.getStatus() == UserStatus.PENDING_APPROVAL;
	}

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.REGISTRATION_VERIFIED)
			.user(this.user.getUuid(), this.user.getUsername())
			.reason(this.mode.value())
			.actor(this.user.getUuid(), this.user.getUsername())
			.change(AuditAction.UPDATE, "user", this.user.getUuid(), this.user.getUsername())
			.about((this.user.getScope() != null) ? this.user.getScope().getId() : null, this.user.isSuperuser());
	}

}
