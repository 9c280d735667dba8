package io.microsys.sso.provider.api;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A call of the admin API or the SCIM server was answered: by whom (a person, or a service
 * account as {@code service-account-<client id>}), through which app, what (method, path and the
 * query's parameter names, as {@link ApiCallLines} tells them: never a query value, a path segment
 * other than the API's words and opaque ids, nor the body) and the status. The entry is about the
 * caller, so it is read by those who may see them, who need not be allowed to see the people the
 * call was about. Changes the call made have their own entries too.
 *
 * @param actor the caller
 * @param clientId the app the caller's token was issued to
 * @param request the method and path, with the query's parameter names
 * @param status the HTTP status answered
 */
record ApiCalled(Actor actor, String clientId, String request, int status) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		AuditService.Entry entry = audit.event(AuditEventType.API_CALLED)
			.actor(this.actor.uuid(), this.actor.username())
			.client(this.clientId)
			.reason(Integer.toString(this.status))
			.about(this.actor.scopeId(), this.actor.tier() == Tier.SUPERUSER)
			.detail(this.request);
		return this.actor.isServiceAccount() ? entry : entry.user(this.actor.uuid(), this.actor.username());
	}

	@Override
	public boolean recordedEvenIfRolledBack() {
		return true;
	}

}
