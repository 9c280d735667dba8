package io.microsys.sso.provider.admin.users;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The changed fields of an activity-log entry (its stored JSON array), as lines to show. */
final class ChangeLines {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ChangeLines() {
	}

	/** One field: before → after, or only that it changed for a secret. */
	record Line(String field, String before, String after, boolean secret) {
	}

	/** The lines of a stored array; none when there is none or it cannot be read. */
	static List<Line> parse(String json) {
		if (json == null || json.isBlank()) {
			return List.of();
		}
		try {
			List<Line> lines = new ArrayList<>();
			for (JsonNode node : JSON.readTree(json)) {
				lines.add(new Line(text(node.get("field")), text(node.get("before")), text(node.get("after")),
						node.path("secret").asBoolean(false)));
			}
			return lines;
		}
		catch (JacksonException ex) {
			return List.of();
		}
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

}
