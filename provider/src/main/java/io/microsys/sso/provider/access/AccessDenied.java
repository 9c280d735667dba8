package io.microsys.sso.provider.access;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The console refused an actor: recorded with the reason, the permission asked for and the target,
 * whatever happens to the transaction around it.
 *
 * @param actor who asked
 * @param decision the refusal
 * @param target what it was about ({@code user:<uuid>}, {@code scope:<id>}…), or null
 */
public record AccessDenied(Actor actor, Decision decision, String target) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		String permission = (this.decision.permission() != null) ? this.decision.permission().code() : null;
		String detail = (permission != null) ? permission : "console";
		if (this.target != null) {
			detail = detail + " " + this.target;
		}
		return audit.event(AuditEventType.ACCESS_DENIED)
			.user(this.actor.uuid(), this.actor.username())
			.reason(this.decision.reason().code())
			.detail(detail);
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
