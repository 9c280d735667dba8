package io.microsys.sso.provider.admin.groups;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * A change made on {@code /sys/groups}, for the activity log: a group created, changed or deleted
 * (target {@code group}), or a person added to or removed from one (target {@code user}: a change
 * of that person's groups, readable by those who may see the person).
 *
 * @param type the event type
 * @param action CREATE, UPDATE or DELETE
 * @param actor who did it
 * @param targetType {@code group} or {@code user}
 * @param targetId the group's id or the person's uuid
 * @param targetName the group's name or the person's username
 * @param aboutScope the person's scope (null: none, and for groups)
 * @param aboutSuperuser whether the person is a superuser
 * @param changes the fields before → after
 * @param detail a short detail, or null
 */
record GroupEvent(AuditEventType type, AuditAction action, Actor actor, String targetType, String targetId,
		String targetName, Long aboutScope, boolean aboutSuperuser, Changes changes, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.type)
			.actor(this.actor.uuid(), this.actor.username())
			.change(this.action, this.targetType, this.targetId, this.targetName)
			.about(this.aboutScope, this.aboutSuperuser)
			.changes(this.changes)
			.detail(this.detail);
	}

}
