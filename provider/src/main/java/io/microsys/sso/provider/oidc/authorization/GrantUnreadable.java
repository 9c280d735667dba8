package io.microsys.sso.provider.oidc.authorization;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A stored grant cannot be read (wrong master key, a class not allowed, or bad bytes); its tokens
 * are refused. Published once per grant and node by {@link DatabaseAuthorizationService};
 * recorded as {@code GRANT_UNREADABLE}, even if the work around it rolls back.
 *
 * @param authorizationId the grant
 * @param why what is wrong with it
 */
public record GrantUnreadable(String authorizationId, String why) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.GRANT_UNREADABLE).reason(this.why).detail("authorization " + this.authorizationId);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
