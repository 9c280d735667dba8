package io.microsys.sso.provider.admin.logs;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * An entry as a line of an export. CSV cells that a spreadsheet would run as a formula (starting
 * with {@code = + - @}, a tab or a carriage return) are prefixed with an apostrophe; JSON Lines are
 * written by Jackson, one object a line, the changed fields as an array.
 */
final class LogExports {

	static final String CSV_HEADER = "id,time,event,action,actor_uuid,actor,user_uuid,username,target_type,target_id,"
			+ "target_name,scope_id,about_superuser,client_id,ip,user_agent,reason,detail,changes\r\n";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LogExports() {
	}

	static String csv(LogEntry e) {
		Object[] cells = { e.id(), e.createdAt(), e.eventType(), e.action(), e.actorUuid(), e.actorName(),
				e.userUuid(), e.username(), e.targetType(), e.targetId(), e.targetName(), e.scopeId(),
				e.aboutSuperuser(), e.clientId(), e.ipAddress(), e.userAgent(), e.reason(), e.detail(), e.changes() };
		StringBuilder line = new StringBuilder(256);
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				line.append(',');
			}
			line.append(cell(cells[i]));
		}
		return line.append("\r\n").toString();
	}

	/** One CSV cell: quoted when needed, defused when a spreadsheet would run it. */
	static String cell(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
				|| text.startsWith("'")) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

	static String jsonLine(LogEntry e) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("id", e.id());
		object.put("time", e.createdAt().toString());
		object.put("event", e.eventType());
		object.put("action", (e.action() != null) ? e.action().name() : null);
		object.put("actorUuid", e.actorUuid());
		object.put("actor", e.actorName());
		object.put("userUuid", e.userUuid());
		object.put("username", e.username());
		object.put("targetType", e.targetType());
		object.put("targetId", e.targetId());
		object.put("targetName", e.targetName());
		object.put("scopeId", e.scopeId());
		object.put("aboutSuperuser", e.aboutSuperuser());
		object.put("clientId", e.clientId());
		object.put("ip", e.ipAddress());
		object.put("userAgent", e.userAgent());
		object.put("reason", e.reason());
		object.put("detail", e.detail());
		object.put("changes", ActivityLog.changes(e.changes()));
		// Jackson leaves U+2028/U+2029 raw, which some line readers split on.
		return JSON.writeValueAsString(object).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n";
	}

}
