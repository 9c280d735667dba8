package io.microsys.sso.provider.admin.scopes;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * A change made on {@code /sys/scopes}, for the activity log: a scope created, changed, deleted,
 * its people moved to another scope (one entry with the count), or the scope system turned on or
 * off. Entries are about the scope (readable by its scoped staff, global staff and superusers).
 *
 * @param type the event type
 * @param action CREATE, UPDATE or DELETE
 * @param actor who did it
 * @param targetType {@code scope} or {@code setting}
 * @param targetId the scope's id, or the setting's key
 * @param targetName the scope's name, or null
 * @param aboutScope the scope whose readers may see the entry, or null
 * @param changes the fields before → after
 * @param detail a short detail (how many people moved), or null
 */
record ScopeEvent(AuditEventType type, AuditAction action, Actor actor, String targetType, String targetId,
		String targetName, Long aboutScope, Changes changes, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.type)
			.actor(this.actor.uuid(), this.actor.username())
			.change(this.action, this.targetType, this.targetId, this.targetName)
			.about(this.aboutScope, false)
			.changes(this.changes)
			.detail(this.detail);
	}

}
