package io.microsys.sso.provider.admin.transfer;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A settings document was imported: recorded once its transaction commits.
 *
 * @param actor who imported it, or null for the command line
 * @param mode skip or overwrite
 * @param plan what it did
 */
record SettingsImported(Actor actor, ImportPlan.Mode mode, ImportPlan plan) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		AuditService.Entry entry = audit.event(AuditEventType.SETTINGS_IMPORTED)
			.change(AuditAction.UPDATE, "settings", null, "settings import")
			.detail("mode=" + this.mode.value() + " " + this.plan.counts() + " apps_needing_secret="
					+ this.plan.appsNeedingSecret().size())
			// It may change every app and what groups grant: only superusers read it.
			.about(null, true);
		return (this.actor != null) ? entry.actor(this.actor.uuid(), this.actor.username())
			.user(this.actor.uuid(), this.actor.username()) : entry.actor(null, "command line");
	}

}
