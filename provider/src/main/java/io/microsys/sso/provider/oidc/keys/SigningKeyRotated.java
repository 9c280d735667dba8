package io.microsys.sso.provider.oidc.keys;

import java.util.List;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A new signing key became active; the previous ones stay published until tokens they signed
 * expire. Published by {@link SigningKeyService} in the transaction that rotates; recorded as
 * {@code SIGNING_KEY_ROTATED} once that commits.
 *
 * @param kid the new key's id
 * @param retired the ids of the keys it replaced
 */
public record SigningKeyRotated(String kid, List<String> retired) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.SIGNING_KEY_ROTATED).detail("kid=" + this.kid + " retired=" + this.retired);
	}

}
