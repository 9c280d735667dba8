package io.microsys.sso.provider.api.settings;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.admin.transfer.ImportPlan;
import io.microsys.sso.provider.admin.transfer.ImportProblems;
import io.microsys.sso.provider.admin.transfer.SettingsExport;
import io.microsys.sso.provider.admin.transfer.SettingsImport;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.ETags;
import io.microsys.sso.provider.setup.AllSettings;

/**
 * The run-time settings ({@code /settings}) as the console's settings page has them: read with
 * {@code settings.view}, replaced whole with {@code settings.change} and {@code If-Match} (the
 * same checks as the page, 412 when they changed meanwhile); the transfer document exported
 * (global staff with {@code settings.view}) and imported (superusers), as the console does.
 */
@RestController
@RequestMapping(AdminApi.BASE + "/settings")
@Tag(name = "Settings", description = "Run-time settings, and their export and import")
class SettingsApiController {

	private final AllSettings settings;

	private final SettingsExport export;

	private final SettingsImport imports;

	SettingsApiController(AllSettings settings, SettingsExport export, SettingsImport imports) {
		this.settings = settings;
		this.export = export;
		this.imports = imports;
	}

	@GetMapping
	@Operation(summary = "Read the settings", description = "Registration, branding, the security and client "
			+ "address settings and the mail server (never its password) as the settings page shows them, with "
			+ "the ETag to send in If-Match. Needs settings.view.")
	@ApiResponse(responseCode = "200", description = "The settings, with their ETag")
	ResponseEntity<SettingsBody> read(Actor actor) {
		AllSettings.Document document = this.settings.read(actor);
		return ApiResponses.resource(SettingsBody.of(document), document.version());
	}

	@PutMapping
	@Operation(summary = "Replace the settings", description = "Sets registration, branding, security and network "
			+ "to the values sent (every field; those an environment variable fixes may be left out and are kept), "
			+ "with the settings page's checks; each change is in the activity log as from the page. Needs "
			+ "settings.change and settings.view (the answer is the settings after), and If-Match with the ETag "
			+ "read last.")
	@ApiResponse(responseCode = "200", description = "Replaced: the settings now, with their new ETag")
	@ApiResponse(responseCode = "400", description = "A value the page would refuse; errors lists them",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	@ApiResponse(responseCode = "409", description = "Registration turned on without working mail, or the client "
			+ "address changed while trusted proxies are declared", content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<SettingsBody> replace(Actor actor,
			@Parameter(description = "The ETag read last") @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@RequestBody SettingsBody body) {
		OptionalLong expected = ETags.expected(ifMatch);
		try {
			AllSettings.Document document = this.settings.replace(actor, expected, body.wanted());
			return ApiResponses.resource(SettingsBody.of(document), document.version());
		}
		catch (AllSettings.ChangedMeanwhile ex) {
			throw ETags.changedMeanwhile();
		}
		catch (AllSettings.Refused ex) {
			Map<String, ApiException.FieldError> errors = new LinkedHashMap<>();
			ex.problems()
				.forEach((problem) -> errors.putIfAbsent(problem.field(),
						new ApiException.FieldError(problem.field(), problem.message())));
			if (ex.conflict()) {
				throw ApiException.conflict(ex.problems().get(0).message())
					.with("errors", List.copyOf(errors.values()));
			}
			throw new ApiException(ApiProblem.INVALID_REQUEST, "Some settings are not valid.").with("errors",
					List.copyOf(errors.values()));
		}
	}

	@GetMapping("/export")
	@Operation(summary = "Export the settings", description = "The transfer document the console downloads: the "
			+ "stored settings (never a secret), scopes, groups, apps and, when asked, memberships. The export is in "
			+ "the activity log. Needs settings.view and global staff (or a superuser).")
	@ApiResponse(responseCode = "200", description = "The document",
			content = @Content(mediaType = "application/json"))
	void export(Actor actor,
			@Parameter(description = "Whether to include the apps' memberships") @RequestParam(
					defaultValue = "false") boolean memberships,
			HttpServletResponse response) throws IOException {
		this.export.write(actor, new FirstWrite(response), memberships);
		response.flushBuffer();
	}

	@PostMapping(path = "/import")
	@Operation(summary = "Import settings", description = "Reads a transfer document (the request body, at most "
			+ SettingsImport.MAX_BYTES / (1024 * 1024) + " MB): dryRun=true (the default) answers what it would do "
			+ "and changes nothing; dryRun=false applies it in one transaction. Needs settings.change as a superuser, "
			+ "as in the console.")
	@ApiResponse(responseCode = "200", description = "The plan, or what was done")
	@ApiResponse(responseCode = "400", description = "A bad mode or document; errors lists every problem",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	@ApiResponse(responseCode = "413", description = "A document larger than the limit",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ImportAnswer importDocument(Actor actor,
			@Parameter(description = "skip (keep objects that exist) or overwrite") @RequestParam(
					required = false) String mode,
			@Parameter(description = "true (default): only plan; false: apply") @RequestParam(
					defaultValue = "true") boolean dryRun,
			HttpServletRequest request) throws IOException {
		ImportPlan.Mode chosen = ImportPlan.Mode.of(mode);
		if (chosen == null) {
			throw ApiException.invalid("mode", "must be skip or overwrite");
		}
		if (request.getContentLengthLong() > SettingsImport.MAX_BYTES) {
			throw tooLarge();
		}
		byte[] content;
		try (InputStream in = request.getInputStream()) {
			content = in.readNBytes(SettingsImport.MAX_BYTES + 1);
		}
		if (content.length > SettingsImport.MAX_BYTES) {
			throw tooLarge();
		}
		try {
			ImportPlan plan = dryRun ? this.imports.preview(actor, content, chosen)
					: this.imports.apply(actor, content, chosen);
			return ImportAnswer.of(plan, !dryRun);
		}
		catch (ImportProblems ex) {
			throw new ApiException(ApiProblem.INVALID_REQUEST, "The document cannot be imported.").with("errors",
					ex.problems().stream().map((problem) -> new ApiException.FieldError("document", problem)).toList());
		}
	}

	private static ApiException tooLarge() {
		return new ApiException(ApiProblem.PAYLOAD_TOO_LARGE,
				"The document is larger than " + SettingsImport.MAX_BYTES / (1024 * 1024) + " MB.");
	}

	/**
	 * The response's body, its headers set at the first byte: a refusal before it (403) is answered
	 * as a problem, not as an attachment.
	 */
	private static final class FirstWrite extends FilterOutputStream {

		private final HttpServletResponse response;

		private boolean started;

		FirstWrite(HttpServletResponse response) {
			super(null);
			this.response = response;
		}

		private OutputStream target() throws IOException {
			if (!this.started) {
				this.started = true;
				this.response.setContentType("application/json;charset=UTF-8");
				this.response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
						"attachment; filename=\"microsys-sso-settings.json\"");
				this.response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
				this.out = this.response.getOutputStream();
			}
			return this.out;
		}

		@Override
		public void write(int b) throws IOException {
			target().write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			target().write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			target().flush();
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
