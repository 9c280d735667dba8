package io.microsys.sso.provider.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The fields a change touched, each as before → after, for the activity log. Fields whose value
 * did not change are left out; a secret (a password, a hash, a client secret) is recorded only as
 * changed, never with a value. Stored as a JSON array
 * ({@code [{"field":"email","before":"a@x","after":"b@x"},{"field":"password","secret":true}]}).
 */
public final class Changes {

	/** One changed field; {@code before}/{@code after} are null for a secret or an absent value. */
	public record Change(String field, String before, String after, boolean secret) {
	}

	private final List<Change> changes = new ArrayList<>();

	private Changes() {
	}

	/** No change yet. */
	public static Changes none() {
		return new Changes();
	}

	/** Adds {@code field} when its value changed (values are compared as text; null is empty). */
	public Changes field(String field, Object before, Object after) {
		String from = text(before);
		String to = text(after);
		if (!Objects.equals(from, to)) {
			this.changes.add(new Change(field, from, to, false));
		}
		return this;
	}

	/** Adds a secret field as changed, without its value. */
	public Changes secret(String field) {
		this.changes.add(new Change(field, null, null, true));
		return this;
	}

	public boolean isEmpty() {
		return this.changes.isEmpty();
	}

	public List<Change> list() {
		return Collections.unmodifiableList(this.changes);
	}

	/** The JSON array stored with the entry. */
	public String toJson() {
		StringBuilder json = new StringBuilder("[");
		for (Change change : this.changes) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append("{\"field\":").append(quote(change.field()));
			if (change.secret()) {
				json.append(",\"secret\":true");
			}
			else {
				json.append(",\"before\":").append(quote(change.before()));
				json.append(",\"after\":").append(quote(change.after()));
			}
			json.append('}');
		}
		return json.append(']').toString();
	}

	private static String text(Object value) {
		if (value == null) {
			return null;
		}
		String text = value.toString();
		return text.isEmpty() ? null : text;
	}

	/** A JSON string literal (or {@code null}). */
	static String quote(String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder quoted = new StringBuilder("\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
