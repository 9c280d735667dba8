package io.microsys.sso.provider.admin.logs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;

/**
 * The activity log's filters, bound from the query string (every one optional). Times are UTC,
 * as the page shows them; {@code to} is included.
 *
 * @param actor who did it: a login name or an account's uuid
 * @param action the kind of change
 * @param type the event type
 * @param targetType what was changed ({@code user}, {@code scope}…)
 * @param targetId the stable id of what was changed
 * @param scope the scope the entries are about (superusers only, while the scope system is on)
 * @param from the earliest time
 * @param to the latest time
 * @param ip the address the request came from
 * @param before entries older than this entry (the next page)
 * @param after entries newer than this entry (the previous page)
 */
public record LogFilter(@Size(max = 150, message = "{logs.error.actor}") String actor, AuditAction action,
		AuditEventType type,
		@Size(max = 20, message = "{logs.error.targetType}") @Pattern(regexp = "[a-z_]*",
				message = "{logs.error.targetType}") String targetType,
		@Size(max = 100, message = "{logs.error.targetId}") String targetId,
		@Positive(message = "{typeMismatch.logFilter.scope}") Long scope,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime from,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime to,
		@Size(max = 64, message = "{logs.error.ip}") @Pattern(regexp = "[0-9A-Fa-f.:]*",
				message = "{logs.error.ip}") String ip,
		@Positive(message = "{typeMismatch.logFilter.before}") Long before,
		@Positive(message = "{typeMismatch.logFilter.after}") Long after) {

	/** No filter: the newest entries. */
	public static LogFilter none() {
		return new LogFilter(null, null, null, null, null, null, null, null, null, null, null);
	}

	/** The earliest and latest times a filter takes: the log holds nothing outside them. */
	static final LocalDateTime EARLIEST = LocalDateTime.of(1970, 1, 1, 0, 0);

	static final LocalDateTime LATEST = LocalDateTime.of(9999, 12, 31, 0, 0);

	public LogFilter {
		// A time far outside (year 999999999, as ISO dates allow) would overflow the reader's
		// arithmetic: the same filter, within the times a log can hold.
		from = within(from);
		to = within(to);
		actor = blankToNull(actor);
		targetType = blankToNull(targetType);
		targetId = blankToNull(targetId);
		ip = blankToNull(ip);
	}

	private static LocalDateTime within(LocalDateTime time) {
		if (time == null) {
			return null;
		}
		return time.isBefore(EARLIEST) ? EARLIEST : time.isAfter(LATEST) ? LATEST : time;
	}

	@AssertTrue(message = "{logs.error.range}")
	public boolean isRangeInOrder() {
		return this.from == null || this.to == null || !this.to.isBefore(this.from);
	}

	/** The same filters on another page. */
	LogFilter page(Long before, Long after) {
		return new LogFilter(this.actor, this.action, this.type, this.targetType, this.targetId, this.scope, this.from,
				this.to, this.ip, before, after);
	}

	/** The filters (pages aside) as query parameters, for links and the export's own entry. */
	public Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		put(parameters, "actor", this.actor);
		put(parameters, "action", this.action);
		put(parameters, "type", this.type);
		put(parameters, "targetType", this.targetType);
		put(parameters, "targetId", this.targetId);
		put(parameters, "scope", this.scope);
		put(parameters, "from", this.from);
		put(parameters, "to", this.to);
		put(parameters, "ip", this.ip);
		return parameters;
	}

	/**
	 * The filters and the page as a query string for links ({@code ?actor=alice&before=42}), or
	 * an empty one.
	 */
	public String query(Long before, Long after) {
		Map<String, String> parameters = parameters();
		put(parameters, "before", before);
		put(parameters, "after", after);
		String query = parameters.entrySet()
			.stream()
			.map((p) -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return query.isEmpty() ? "" : "?" + query;
	}

	private static void put(Map<String, String> parameters, String name, Object value) {
		if (value != null) {
			parameters.put(name, value.toString());
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
