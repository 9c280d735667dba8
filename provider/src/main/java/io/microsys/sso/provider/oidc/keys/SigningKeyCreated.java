package io.microsys.sso.provider.oidc.keys;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The first signing key was generated. Published by {@link SigningKeyService} in the transaction
 * that stores it; recorded as {@code SIGNING_KEY_CREATED} once that commits.
 *
 * @param kid the new key's id
 */
public record SigningKeyCreated(String kid) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.SIGNING_KEY_CREATED).detail("kid=" + this.kid);
	}

}
