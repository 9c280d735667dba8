package io.microsys.sso.provider.admin.logs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.validation.Errors;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.settings.ScopeSystem;

/**
 * The activity log as the console shows it: the entries about people the actor may see
 * ({@link AdminPolicy#visibleLogs}), filtered in the database, a page at a time or streamed whole
 * as an export, which leaves its own entry. Only superusers filter by scope: anyone else sees one
 * scope, or none, already; and nobody does while the {@link ScopeSystem} is off (a 400, like any
 * filter that cannot be used).
 */
@Service
public class ActivityLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LogReader reader;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final ScopeSystem scopeSystem;

	ActivityLog(LogReader reader, AdminPolicy policy, AccessGuard guard, ApplicationEventPublisher events,
			ScopeSystem scopeSystem) {
		this.reader = reader;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.scopeSystem = scopeSystem;
	}

	/** Whether the actor may filter by scope: superusers only. */
	boolean mayFilterByScope(Actor actor) {
		return actor.tier() == Tier.SUPERUSER;
	}

	/**
	 * Adds the errors of filters the actor may not use: a scope while the scope system is off, or
	 * unless a superuser.
	 */
	void check(Actor actor, LogFilter filter, Errors errors) {
		if (filter == null || filter.scope() == null || errors.hasFieldErrors("scope")) {
			return;
		}
		if (!this.scopeSystem.isOn()) {
			errors.rejectValue("scope", "logs.error.scopesOff", "Scopes are turned off: there is no scope filter.");
		}
		else if (!mayFilterByScope(actor)) {
			errors.rejectValue("scope", "logs.error.scope", "Only superusers filter by scope.");
		}
	}

	/**
	 * Why the actor may not use this filter (a scope while the scope system is off, or unless a
	 * superuser), or null when they may: the admin API's check, the same as {@link #check}'s.
	 */
	public String filterProblem(Actor actor, LogFilter filter) {
		if (filter.scope() == null) {
			return null;
		}
		if (!this.scopeSystem.isOn()) {
			return "Scopes are turned off: there is no scope filter.";
		}
		return mayFilterByScope(actor) ? null : "Only superusers filter by scope.";
	}

	/**
	 * Up to {@code fetch} entries the actor may see that the filter (pages aside) allows, newest
	 * first, older than {@code beforeId} (null: from the newest): the admin API's keyset pages.
	 */
	public List<LogEntry> keyset(Actor actor, LogFilter filter, Long beforeId, int fetch) {
		return this.reader.keyset(visible(actor, filter), filter.page(null, null), beforeId, fetch);
	}

	/** A page of the entries the actor may see. */
	LogPage page(Actor actor, LogFilter filter) {
		return this.reader.page(visible(actor, filter), filter);
	}

	/** One entry, with its changed fields. */
	public Detail entry(Actor actor, long id) {
		LogEntry entry = this.reader.entry(visible(actor, LogFilter.none()), id)
			.orElseThrow(() -> new NotFoundException("log entry"));
		return new Detail(entry, changes(entry.changes()));
	}

	/**
	 * Streams the filtered entries as CSV or JSON Lines, after recording the export itself; the
	 * export holds the entries written before it started.
	 */
	public void export(Actor actor, LogFilter filter, ExportFormat format, OutputStream out) {
		Visibility visibility = visible(actor, filter);
		long newest = this.reader.newestId();
		this.events.publishEvent(new ActivityExported(actor, format.extension(),
				filter.parameters()
					.entrySet()
					.stream()
					.map((parameter) -> parameter.getKey() + "=" + parameter.getValue())
					.collect(Collectors.joining("&"))));
		Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
		try {
			if (format == ExportFormat.CSV) {
				writer.write(LogExports.CSV_HEADER);
			}
			this.reader.each(visibility, filter.page(null, null), newest + 1, (entry) -> {
				try {
					writer.write((format == ExportFormat.CSV) ? LogExports.csv(entry) : LogExports.jsonLine(entry));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Visibility visible(Actor actor, LogFilter filter) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.LOGS, Action.VIEW), null);
		if (filter.scope() != null && !mayFilterByScope(actor)) {
			throw new IllegalArgumentException("Only superusers filter by scope");
		}
		return this.policy.visibleLogs(actor);
	}

	/** The changed fields stored with an entry ({@link Changes#toJson()}); none when unreadable. */
	public static List<Changes.Change> changes(String json) {
		List<Changes.Change> changes = new ArrayList<>();
		if (json == null || json.isBlank()) {
			return changes;
		}
		try {
			for (JsonNode node : JSON.readTree(json)) {
				changes.add(new Changes.Change(text(node, "field"), text(node, "before"), text(node, "after"),
						node.path("secret").asBoolean(false)));
			}
		}
		catch (JacksonException ex) {
			return List.of();
		}
		return changes;
	}

	private static String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	/** The formats of an export. */
	public enum ExportFormat {

		CSV("csv", "text/csv;charset=UTF-8"), JSON_LINES("jsonl", "application/jsonl;charset=UTF-8");

		private final String extension;

		private final String contentType;

		ExportFormat(String extension, String contentType) {
			this.extension = extension;
			this.contentType = contentType;
		}

		public String extension() {
			return this.extension;
		}

		String contentType() {
			return this.contentType;
		}

	}

	/** An entry and its changed fields, before → after. */
	public record Detail(LogEntry entry, List<Changes.Change> changes) {
	}

}
