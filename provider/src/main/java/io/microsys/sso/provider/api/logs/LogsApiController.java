package io.microsys.sso.provider.api.logs;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.admin.logs.ActivityLog;
import io.microsys.sso.provider.admin.logs.ActivityLog.ExportFormat;
import io.microsys.sso.provider.admin.logs.LogEntry;
import io.microsys.sso.provider.admin.logs.LogFilter;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * The activity log ({@code /logs}, {@code logs.view}): the entries about people the caller may
 * see, newest first, with the console's filters; one entry; and the filtered entries streamed as
 * JSON Lines or CSV, row by row from the database (never held in memory), the export leaving its
 * own entry as in the console.
 */
@RestController
@RequestMapping(AdminApi.BASE + "/logs")
@Tag(name = "Activity log", description = "Who did what, when: query and streamed export")
class LogsApiController {

	/** JSON Lines, one entry a line. */
	static final String NDJSON = "application/x-ndjson";

	/** CSV with a header line, as the console exports it. */
	static final String CSV = "text/csv";

	private final ActivityLog log;

	private final LogQueries queries;

	LogsApiController(ActivityLog log, LogQueries queries) {
		this.log = log;
		this.queries = queries;
	}

	@GetMapping
	@Operation(summary = "Query the activity log", description = "The entries about people the caller may see, "
			+ "newest first (next pages are older), filtered like the console's page. Needs logs.view; only "
			+ "superusers filter by scope.")
	@ApiResponse(responseCode = "200", description = "A page of entries")
	@ApiResponse(responseCode = "400", description = "A bad filter, limit or cursor; errors lists them",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<ItemsPage<LogItem>> list(Actor actor,
			@Parameter(description = "Who acted: a username or a person's id") @RequestParam(name = "actor", required = false) String byActor,
			@Parameter(description = "create, update, delete or export") @RequestParam(required = false) String action,
			@Parameter(description = "The event type (login_succeeded, api_called…)") @RequestParam(
					required = false) String type,
			@Parameter(description = "What was changed: user, scope, group…") @RequestParam(
					required = false) String targetType,
			@Parameter(description = "The id of what was changed") @RequestParam(required = false) String targetId,
			@Parameter(description = "The scope the entries are about (superusers only)") @RequestParam(
					required = false) Long scopeId,
			@Parameter(description = "The earliest time, RFC 3339") @RequestParam(required = false) String from,
			@Parameter(description = "The latest time (included), RFC 3339") @RequestParam(required = false) String to,
			@Parameter(description = "The address the request came from") @RequestParam(required = false) String ip,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		Cursor cursor = Cursor.of(after, limit, 1);
		LogFilter filter = this.queries.filter(actor,
				new LogQueries.Parameters(byActor, action, type, targetType, targetId, scopeId, from, to, ip));
		ItemsPage<LogItem> page = ItemsPage.of(
				this.log.keyset(actor, filter, cursor.first() ? null : cursor.lastId(), cursor.fetchSize()), cursor,
				(LogEntry entry) -> Cursor.after(entry.id()), LogItem::of);
		return ApiResponses.page(page, request);
	}

	@GetMapping("/{id:[0-9]{1,18}}")
	@Operation(summary = "Read an entry", description = "One entry with its changed fields. Needs logs.view; an "
			+ "entry about someone the caller may not see answers 404.")
	@ApiResponse(responseCode = "200", description = "The entry")
	ResponseEntity<LogItem> read(Actor actor, @Parameter(description = "The entry's id") @PathVariable long id) {
		ActivityLog.Detail detail = this.log.entry(actor, id);
		// Entries never change: one version for all.
		return ApiResponses.resource(LogItem.of(detail.entry()), 0);
	}

	@GetMapping("/export")
	@Operation(summary = "Export the activity log", description = "Every entry the caller may see that the filters "
			+ "allow, newest first, written before the export started, streamed as JSON Lines ("
			+ NDJSON + ", one entry a line) or CSV (" + CSV + ", with a header line). The export leaves an "
			+ "activity_exported entry. Needs logs.view.")
	@ApiResponse(responseCode = "200", description = "The entries, streamed",
			content = { @Content(mediaType = NDJSON), @Content(mediaType = CSV) })
	@ApiResponse(responseCode = "400", description = "A bad format or filter; errors lists them",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	void export(Actor actor, @Parameter(description = "jsonl (default) or csv") @RequestParam(
			required = false) String format,
			@Parameter(description = "Who acted: a username or a person's id") @RequestParam(name = "actor", required = false) String byActor,
			@Parameter(description = "create, update, delete or export") @RequestParam(required = false) String action,
			@Parameter(description = "The event type") @RequestParam(required = false) String type,
			@Parameter(description = "What was changed") @RequestParam(required = false) String targetType,
			@Parameter(description = "The id of what was changed") @RequestParam(required = false) String targetId,
			@Parameter(description = "The scope the entries are about (superusers only)") @RequestParam(
					required = false) Long scopeId,
			@Parameter(description = "The earliest time, RFC 3339") @RequestParam(required = false) String from,
			@Parameter(description = "The latest time (included), RFC 3339") @RequestParam(required = false) String to,
			@Parameter(description = "The address the request came from") @RequestParam(required = false) String ip,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		ExportFormat exportFormat = (format == null || format.equals("jsonl")) ? ExportFormat.JSON_LINES
				: format.equals("csv") ? ExportFormat.CSV : null;
		if (exportFormat == null) {
			throw ApiException.invalid("format", "must be jsonl or csv");
		}
		LogFilter filter = this.queries.filter(actor,
				new LogQueries.Parameters(byActor, action, type, targetType, targetId, scopeId, from, to, ip));
		response.setContentType(((exportFormat == ExportFormat.CSV) ? CSV : NDJSON) + ";charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"activity-log." + exportFormat.extension() + "\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.log.export(actor, filter, exportFormat, response.getOutputStream());
	}

}
