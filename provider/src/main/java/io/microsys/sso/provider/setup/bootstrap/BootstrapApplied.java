package io.microsys.sso.provider.setup.bootstrap;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The bootstrap file was applied at start-up. Published by {@link BootstrapLoader} after its
 * transaction; recorded as {@code BOOTSTRAP_APPLIED}.
 *
 * @param summary what was created and changed
 */
public record BootstrapApplied(String summary) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.BOOTSTRAP_APPLIED)
			.detail(this.summary)
			.actor(null, "bootstrap file")
			.change(AuditAction.UPDATE, "bootstrap", null, "bootstrap file")
			// The file may create superusers and apps: only superusers read what it did.
			.about(null, true);
	}

}
