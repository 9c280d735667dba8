package io.microsys.sso.provider.admin.logs;

import java.time.Instant;

import io.microsys.sso.provider.audit.AuditAction;

/** One entry of the activity log as the pages and exports show it. */
public record LogEntry(long id, Instant createdAt, String eventType, AuditAction action, String actorUuid, String actorName,
		String userUuid, String username, String targetType, String targetId, String targetName, Long scopeId,
		boolean aboutSuperuser, String clientId, String ipAddress, String userAgent, String reason, String detail,
		String changes) {

	/** Who did it: the actor, or the person themselves for what people do on their own. */
	public String who() {
		return (this.actorName != null) ? this.actorName : this.username;
	}

}
