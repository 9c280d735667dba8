package io.microsys.sso.provider.oidc.logout;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * An app acknowledged a logout token. Published by {@link BackchannelLogoutSender} (on its own
 * thread, outside any request); recorded as {@code BACKCHANNEL_LOGOUT_DELIVERED}.
 *
 * @param clientId the app
 * @param userUuid the person signed out
 * @param attempt which try it took
 */
public record BackchannelLogoutDelivered(String clientId, String userUuid, int attempt) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.BACKCHANNEL_LOGOUT_DELIVERED)
			.user(this.userUuid, null)
			.client(this.clientId)
			.detail("attempt=" + this.attempt);
	}

}
