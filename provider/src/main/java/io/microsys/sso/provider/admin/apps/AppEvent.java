package io.microsys.sso.provider.admin.apps;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * A change made on {@code /sys/clients}, for the activity log: an app created, changed, given a
 * secret, its secret rotated, deactivated, activated or deleted (target {@code client}, by its client
 * id). A secret is never in the entry: only that it changed.
 *
 * @param type the event type
 * @param action CREATE, UPDATE or DELETE
 * @param actor who did it
 * @param clientId the app's client id
 * @param name the app's name
 * @param changes the fields before → after
 * @param detail a short detail (an overlap, grants revoked), or null
 */
record AppEvent(AuditEventType type, AuditAction action, Actor actor, String clientId, String name, Changes changes,
		String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.type)
			.actor(this.actor.uuid(), this.actor.username())
			.client(this.clientId)
			.change(this.action, "client", this.clientId, this.name)
			.about(null, false)
			.changes(this.changes)
			.detail(this.detail);
	}

}
