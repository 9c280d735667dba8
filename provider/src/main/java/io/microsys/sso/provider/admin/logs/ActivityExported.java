package io.microsys.sso.provider.admin.logs;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The activity log was exported: by whom, in which format, with which filter (as query
 * parameters). The entry is about the exporter, so it is read by those who may see them.
 *
 * @param actor who exported it
 * @param format {@code csv} or {@code jsonl}
 * @param filter the filter as query parameters, empty for everything the exporter may see
 */
record ActivityExported(Actor actor, String format, String filter) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.ACTIVITY_EXPORTED)
			.user(this.actor.uuid(), this.actor.username())
			.actor(this.actor.uuid(), this.actor.username())
			.change(AuditAction.EXPORT, "logs", null, this.format)
			.about(this.actor.scopeId(), this.actor.tier() == Tier.SUPERUSER)
			.detail(this.filter);
	}

}
