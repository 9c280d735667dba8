package io.microsys.sso.provider.admin.users;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * An administrator created, changed, deactivated or reactivated a person in the console; recorded
 * in the activity log with the fields before → after (a password only as changed).
 *
 * @param type {@code PERSON_CREATED}, {@code PERSON_CHANGED}, {@code PERSON_DEACTIVATED} or
 * {@code PERSON_REACTIVATED}
 * @param action CREATE or UPDATE
 * @param actor who did it
 * @param uuid the person's uuid
 * @param username the person's username
 * @param scopeId the person's scope afterwards (who may read the entry)
 * @param superuser whether the person is (or was) a superuser (who may read the entry)
 * @param changes the changed fields
 * @param detail a note (sessions ended), or null
 */
public record PersonAudited(AuditEventType type, AuditAction action, Actor actor, String uuid, String username,
		Long scopeId, boolean superuser, Changes changes, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.type)
			.user(this.uuid, this.username)
			.actor(this.actor.uuid(), this.actor.username())
			.change(this.action, "user", this.uuid, this.username)
			.about(this.scopeId, this.superuser)
			.changes(this.changes)
			.detail(this.detail);
	}

}
