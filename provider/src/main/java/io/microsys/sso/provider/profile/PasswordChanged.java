package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A person's password was set: changed on the profile or through a reset link. Published by
 * {@link Passwords}; recorded as {@code PASSWORD_CHANGED} or {@code PASSWORD_RESET_COMPLETED}, and
 * the person is mailed ({@link ProfileMails}).
 *
 * @param user the person, with the new password
 * @param byReset whether a reset link set it
 * @param sessionsEnded how many sessions ended with it
 * @param browsersForgotten how many trusted browsers were forgotten
 */
public record PasswordChanged(SsoUser user, boolean byReset, int sessionsEnded, int browsersForgotten)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.byReset ? AuditEventType.PASSWORD_RESET_COMPLETED : AuditEventType.PASSWORD_CHANGED)
			.user(this.user.getUuid(), this.user.getUsername())
			.detail(this.sessionsEnded + " other session(s) ended, " + this.browsersForgotten
					+ " trusted browser(s) forgotten");
	}

}
