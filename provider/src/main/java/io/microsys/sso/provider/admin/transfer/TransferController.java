package io.microsys.sso.provider.admin.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.access.ConsoleAccess.Reach;

/**
 * Export and import of the settings ({@code /sys/settings/export}, {@code /sys/settings/import}):
 * the export downloads the document; the import takes an upload, shows its dry run (nothing
 * changed), keeps the document in the session, and applies exactly that document when the
 * confirmation names its digest. A bad document answers 400 with every problem listed.
 */
@Controller
class TransferController {

	static final String IMPORT = "admin/transfer/import";

	private final SettingsExport export;

	private final SettingsImport imports;

	TransferController(SettingsExport export, SettingsImport imports) {
		this.export = export;
		this.imports = imports;
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.VIEW, reach = Reach.GLOBAL_STAFF)
	@GetMapping("/sys/settings/export")
	void export(Actor actor, @RequestParam(name = "memberships", defaultValue = "false") boolean memberships,
			HttpServletResponse response) throws IOException {
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"microsys-sso-settings.json\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.export.write(actor, response.getOutputStream(), memberships);
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE, reach = Reach.SUPERUSERS)
	@GetMapping("/sys/settings/import")
	String form(Model model) {
		model.addAttribute("mode", ImportPlan.Mode.SKIP.value());
		return IMPORT;
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE, reach = Reach.SUPERUSERS)
	@PostMapping("/sys/settings/import")
	String preview(Actor actor, @RequestParam(name = "document", required = false) MultipartFile document,
			@RequestParam(name = "mode", required = false) String modeValue, HttpSession session, Model model,
			HttpServletResponse response) throws IOException {
		ImportPlan.Mode mode = ImportPlan.Mode.of(modeValue);
		model.addAttribute("mode", (mode != null) ? mode.value() : ImportPlan.Mode.SKIP.value());
		if (mode == null) {
			return refused(List.of("mode: choose skip or overwrite"), model, response);
		}
		if (document == null || document.isEmpty()) {
			return refused(List.of("document: choose the file to import"), model, response);
		}
		if (document.getSize() > SettingsImport.MAX_BYTES) {
			return refused(List.of("the document is larger than " + SettingsImport.MAX_BYTES / (1024 * 1024) + " MB"),
					model, response);
		}
		byte[] content;
		try (InputStream in = document.getInputStream()) {
			content = in.readNBytes(SettingsImport.MAX_BYTES + 1);
		}
		try {
			ImportPlan plan = this.imports.preview(actor, content, mode);
			PendingImport pending = PendingImport.of(content, mode);
			session.setAttribute(PendingImport.ATTRIBUTE, pending);
			model.addAttribute("plan", plan);
			model.addAttribute("digest", pending.digest());
			return IMPORT;
		}
		catch (ImportProblems ex) {
			session.removeAttribute(PendingImport.ATTRIBUTE);
			return refused(ex.problems(), model, response);
		}
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE, reach = Reach.SUPERUSERS)
	@PostMapping("/sys/settings/import/apply")
	String apply(Actor actor, @RequestParam(name = "digest", required = false) String digest, HttpSession session,
			Model model, HttpServletResponse response) {
		model.addAttribute("mode", ImportPlan.Mode.SKIP.value());
		PendingImport pending = (session.getAttribute(PendingImport.ATTRIBUTE) instanceof PendingImport found) ? found
				: null;
		if (pending == null || digest == null || !MessageDigest.isEqual(pending.digest().getBytes(StandardCharsets.US_ASCII),
				digest.getBytes(StandardCharsets.US_ASCII))) {
			return refused(List.of("the previewed document is no longer waiting: upload it again"), model, response);
		}
		try {
			ImportPlan plan = this.imports.apply(actor, pending.content(), ImportPlan.Mode.of(pending.mode()));
			session.removeAttribute(PendingImport.ATTRIBUTE);
			model.addAttribute("plan", plan);
			model.addAttribute("applied", true);
			return IMPORT;
		}
		catch (ImportProblems ex) {
			session.removeAttribute(PendingImport.ATTRIBUTE);
			return refused(ex.problems(), model, response);
		}
	}

	private static String refused(List<String> problems, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("problems", problems);
		return IMPORT;
	}

}
