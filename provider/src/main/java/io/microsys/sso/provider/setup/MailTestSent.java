package io.microsys.sso.provider.setup;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * Someone sent the test message of {@code /sys/settings/mail} (or of the first-run setup).
 * Recorded as {@code MAIL_TEST_SENT}: to whom, through which server, and how it went.
 *
 * @param userUuid the UUID of who sent it
 * @param username their username
 * @param to the address it was sent to
 * @param server the mail server's host and port
 * @param outcome {@code sent}, or why not ({@code refused}, {@code auth}, {@code tls}…)
 */
public record MailTestSent(String userUuid, String username, String to, String server, String outcome)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.MAIL_TEST_SENT)
			.user(this.userUuid, this.username)
			.actor(this.userUuid, this.username)
			.reason(this.outcome)
			.detail("to " + this.to + " through " + this.server + ": " + this.outcome)
			// Settings are a superuser's page: the entry stays among superusers.
			.about(null, true);
	}

}
