package io.microsys.sso.provider.oidc.logout;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A logout token could not be delivered: every try failed, or too many deliveries were waiting.
 * Published by {@link BackchannelLogoutSender}; recorded as {@code BACKCHANNEL_LOGOUT_FAILED}.
 *
 * @param clientId the app
 * @param userUuid the person signed out
 * @param reason the reason code
 * @param detail the tries and the last problem
 */
public record BackchannelLogoutFailed(String clientId, String userUuid, String reason, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.BACKCHANNEL_LOGOUT_FAILED)
			.user(this.userUuid, null)
			.client(this.clientId)
			.reason(this.reason)
			.detail(this.detail);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
