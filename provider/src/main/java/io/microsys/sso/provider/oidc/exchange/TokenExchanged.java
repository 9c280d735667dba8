package io.microsys.sso.provider.oidc.exchange;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * An app obtained a token for a person by token exchange, from that person's access token at
 * another app: recorded as {@code TOKEN_EXCHANGED}, so the trail shows which service acted as whom.
 *
 * @param userUuid the person's UUID
 * @param username the person's username
 * @param clientId the app the new token was issued to
 * @param subjectClientId the app the exchanged (subject) token had been issued to, when known
 */
public record TokenExchanged(String userUuid, String username, String clientId, String subjectClientId)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.TOKEN_EXCHANGED)
			.user(this.userUuid, this.username)
			.client(this.clientId)
			.detail((this.subjectClientId != null) ? "from " + this.subjectClientId : null);
	}

}
