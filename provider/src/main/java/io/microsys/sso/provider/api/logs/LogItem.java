package io.microsys.sso.provider.api.logs;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.microsys.sso.provider.admin.logs.ActivityLog;
import io.microsys.sso.provider.admin.logs.LogEntry;

/**
 * An entry of the activity log as the admin API shows it (the same fields as the console's
 * export).
 *
 * @param id the entry's id: newer entries have larger ids
 * @param time when it happened
 * @param event the event type, lower case ({@code api_called}, {@code login_succeeded}…)
 * @param action {@code create}, {@code update}, {@code delete}, {@code export}, or null
 * @param actorId the uuid of the person who acted, or null (a service account, the system)
 * @param actor who acted: a username or {@code service-account-<client id>}
 * @param personId the uuid of the person the entry is about, or null
 * @param username that person's username
 * @param targetType what was changed ({@code user}, {@code scope}…)
 * @param targetId the stable id of what was changed
 * @param targetName its name at the time
 * @param scopeId the scope of the people it is about
 * @param aboutSuperuser whether it is about a superuser
 * @param clientId the app involved
 * @param ip the address the request came from
 * @param userAgent the request's browser or program
 * @param reason the outcome's reason code
 * @param detail more detail
 * @param changes the changed fields, before and after (secrets masked)
 */
record LogItem(long id, Instant time, String event, String action, String actorId, String actor, String personId,
		String username, String targetType, String targetId, String targetName, Long scopeId, boolean aboutSuperuser,
		String clientId, String ip, String userAgent, String reason, String detail, List<Change> changes) {

	/** One changed field. */
	record Change(String field, String before, String after, boolean secret) {
	}

	static LogItem of(LogEntry e) {
		return new LogItem(e.id(), e.createdAt(), lower(e.eventType()),
				(e.action() != null) ? lower(e.action().name()) : null, e.actorUuid(), e.actorName(), e.userUuid(),
				e.username(), e.targetType(), e.targetId(), e.targetName(), e.scopeId(), e.aboutSuperuser(),
				e.clientId(), e.ipAddress(), e.userAgent(), e.reason(), e.detail(),
				ActivityLog.changes(e.changes())
					.stream()
					.map((c) -> new Change(c.field(), c.before(), c.after(), c.secret()))
					.toList());
	}

	private static String lower(String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : null;
	}

}
