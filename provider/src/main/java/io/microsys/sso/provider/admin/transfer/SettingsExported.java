package io.microsys.sso.provider.admin.transfer;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The settings export was downloaded (or written by the command line: no actor).
 *
 * @param actor who exported it, or null for the command line
 * @param counts what it held
 */
record SettingsExported(Actor actor, SettingsExport.Counts counts) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		AuditService.Entry entry = audit.event(AuditEventType.SETTINGS_EXPORTED)
			.change(AuditAction.EXPORT, "settings", null, "settings export")
			.detail(this.counts.toString())
			// It lists every app and group: only superusers read that it was taken.
			.about(null, true);
		return (this.actor != null) ? entry.actor(this.actor.uuid(), this.actor.username())
			.user(this.actor.uuid(), this.actor.username()) : entry.actor(null, "command line");
	}

}
