package io.microsys.sso.provider.admin.users;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A staff member exported the people list as CSV: recorded as {@code PEOPLE_EXPORTED}, an
 * {@code EXPORT} of {@code users} whose detail is the filter used. The entry is about the
 * actor's own scope (and about superusers when a superuser exported), so it is read by those who
 * may see what was exported.
 *
 * @param actor who exported
 * @param filter the query parameters, as a readable line
 */
public record PeopleExported(Actor actor, String filter) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.PEOPLE_EXPORTED)
			.user(this.actor.uuid(), this.actor.username())
			.actor(this.actor.uuid(), this.actor.username())
			.change(AuditAction.EXPORT, "users", null, null)
			.about(this.actor.scopeId(), this.actor.tier() == Tier.SUPERUSER)
			.detail(this.filter);
	}

}
