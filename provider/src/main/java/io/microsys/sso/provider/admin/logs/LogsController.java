package io.microsys.sso.provider.admin.logs;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.admin.logs.ActivityLog.ExportFormat;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;

/**
 * The activity log ({@code /sys/logs}): a filtered page of entries, one entry in full, and the
 * filtered set exported as CSV or JSON Lines. Bad filters answer 400 with the page and the errors
 * beside the fields.
 */
@Controller
class LogsController {

	static final String LIST = "admin/logs/list";

	static final String DETAIL = "admin/logs/detail";

	private final ActivityLog log;

	LogsController(ActivityLog log) {
		this.log = log;
	}

	@ConsoleAccess(area = Area.LOGS, action = Action.VIEW)
	@GetMapping("/sys/logs")
	String list(Actor actor, @Valid @ModelAttribute("logFilter") LogFilter filter, BindingResult errors,
			HttpServletResponse response, Model model) {
		this.log.check(actor, filter, errors);
		options(actor, model);
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("page", LogPage.EMPTY);
			model.addAttribute("invalid", true);
			return LIST;
		}
		model.addAttribute("page", this.log.page(actor, filter));
		return LIST;
	}

	@ConsoleAccess(area = Area.LOGS, action = Action.VIEW)
	@GetMapping("/sys/logs/{id:[0-9]{1,18}}")
	String detail(Actor actor, @PathVariable long id, Model model) {
		model.addAttribute("detail", this.log.entry(actor, id));
		return DETAIL;
	}

	@ConsoleAccess(area = Area.LOGS, action = Action.VIEW)
	@GetMapping("/sys/logs/export.csv")
	String exportCsv(Actor actor, @Valid @ModelAttribute("logFilter") LogFilter filter, BindingResult errors,
			HttpServletResponse response, Model model) throws IOException {
		return export(actor, filter, errors, ExportFormat.CSV, response, model);
	}

	@ConsoleAccess(area = Area.LOGS, action = Action.VIEW)
	@GetMapping("/sys/logs/export.jsonl")
	String exportJsonLines(Actor actor, @Valid @ModelAttribute("logFilter") LogFilter filter, BindingResult errors,
			HttpServletResponse response, Model model) throws IOException {
		return export(actor, filter, errors, ExportFormat.JSON_LINES, response, model);
	}

	private String export(Actor actor, LogFilter filter, BindingResult errors, ExportFormat format,
			HttpServletResponse response, Model model) throws IOException {
		this.log.check(actor, filter, errors);
		if (errors.hasErrors()) {
			options(actor, model);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("page", LogPage.EMPTY);
			model.addAttribute("invalid", true);
			return LIST;
		}
		response.setContentType(format.contentType());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"activity-log." + format.extension() + "\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.log.export(actor, filter, format, response.getOutputStream());
		return null;
	}

	private void options(Actor actor, Model model) {
		model.addAttribute("actions", AuditAction.values());
		model.addAttribute("types", Arrays.stream(AuditEventType.values()).map(Enum::name).sorted().toList());
		model.addAttribute("scopeFilter", this.log.mayFilterByScope(actor));
	}

}
