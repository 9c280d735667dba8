package io.microsys.sso.provider.oidc.device;

import java.util.Set;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A person approved or denied a device's request on the user-code page (RFC 8628 §3.3). Recorded
 * as {@code DEVICE_AUTHORIZATION_APPROVED} or {@code DEVICE_AUTHORIZATION_DENIED}.
 *
 * @param approved whether the person approved
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param clientId the app the device belongs to
 * @param scopes the scopes the device asked for
 */
public record DeviceAuthorizationDecided(boolean approved, String userUuid, String username, String clientId,
		Set<String> scopes) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit
			.event(this.approved ? AuditEventType.DEVICE_AUTHORIZATION_APPROVED
					: AuditEventType.DEVICE_AUTHORIZATION_DENIED)
			.user(this.userUuid, this.username)
			.client(this.clientId)
			.detail("scope=" + String.join(" ", this.scopes));
	}

}
