package io.microsys.sso.provider.admin.members;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.client.MembershipRole;

/**
 * An app's members ({@code /sys/clients/{clientId}/members}): list and search, add one person,
 * add a pasted list (with a report per line), change a role, remove. Open to staff holding
 * {@code clients.view} (list) and {@code clients.change} (changes), and to the app's own admins.
 * Bad input shows the page again (400) with the problem beside its field.
 */
@Controller
class MembersController {

	static final String VIEW = "admin/members/members";

	static final String REPORT = "admin/members/report";

	static final String PATH = "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/members";

	private static final String MEMBER = PATH + "/{uuid:[0-9a-fA-F-]{36}}";

	private final AppMembers members;

	MembersController(AppMembers members) {
		this.members = members;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.VIEW, appAdmins = true)
	@GetMapping(PATH)
	String page(@PathVariable String clientId, @RequestParam(name = "q", required = false) String q,
			@RequestParam(name = "page", required = false) String page, Actor actor, Model model,
			HttpServletResponse response) {
		int number = 0;
		if (page != null && !page.matches("\\d{1,4}")) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("queryProblem", "members.error.page");
		}
		else if (page != null) {
			number = Integer.parseInt(page);
		}
		String query = (q != null && q.length() > 100) ? q.substring(0, 100) : q;
		return show(this.members.view(actor, clientId, query, number), query, model);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(PATH)
	String add(@PathVariable String clientId, @Valid @ModelAttribute("addForm") AddMemberForm form,
			BindingResult result, Actor actor, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, clientId, model, response);
		}
		return done(this.members.add(actor, clientId, form.who(), MembershipRole.valueOf(form.role())), result, actor,
				clientId, model, response, redirect);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(PATH + "/bulk")
	String bulk(@PathVariable String clientId, @Valid @ModelAttribute("bulkForm") BulkAddForm form,
			BindingResult result, Actor actor, Model model, HttpServletResponse response) {
		if (result.hasErrors()) {
			if (result.hasFieldErrors("bounded")) {
				result.rejectValue("lines", "members.error.tooMany", "members.error.tooMany");
			}
			return again(actor, clientId, model, response);
		}
		List<AppMembers.Line> report = this.members.addAll(actor, clientId, form.lineList(),
				MembershipRole.valueOf(form.role()));
		model.addAttribute("app", this.members.require(actor, clientId, Action.VIEW));
		model.addAttribute("report", report);
		model.addAttribute("role", form.role());
		model.addAttribute("added", report.stream().filter((line) -> line.outcome() == AppMembers.LineOutcome.ADDED).count());
		return REPORT;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(MEMBER + "/role")
	String role(@PathVariable String clientId, @PathVariable String uuid,
			@Valid @ModelAttribute("roleForm") MemberRoleForm form, BindingResult result, Actor actor, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			model.addAttribute("rowProblem", "members.error.row");
			return again(actor, clientId, model, response);
		}
		return done(this.members.changeRole(actor, clientId, uuid, MembershipRole.valueOf(form.role())), result,
				actor, clientId, model, response, redirect);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(MEMBER + "/remove")
	String remove(@PathVariable String clientId, @PathVariable String uuid, Actor actor,
			RedirectAttributes redirect) {
		AppMembers.Result outcome = this.members.remove(actor, clientId, uuid);
		redirect.addFlashAttribute(outcome.isDone() ? "flash" : "flashProblem",
				outcome.isDone() ? outcome.flash() : outcome.error());
		return "redirect:" + path(clientId);
	}

	private String done(AppMembers.Result outcome, BindingResult result, Actor actor, String clientId, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (outcome.isDone()) {
			redirect.addFlashAttribute("flash", outcome.flash());
			return "redirect:" + path(clientId);
		}
		if (outcome.field() != null) {
			result.rejectValue(outcome.field(), outcome.error(), outcome.error());
			return again(actor, clientId, model, response);
		}
		redirect.addFlashAttribute("flashProblem", outcome.error());
		return "redirect:" + path(clientId);
	}

	/** The page again, 400, with the problem beside its field. */
	private String again(Actor actor, String clientId, Model model, HttpServletResponse response) {
		String view = show(this.members.view(actor, clientId, null, 0), null, model);
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return view;
	}

	private static String show(AppMembers.View view, String q, Model model) {
		model.addAttribute("view", view);
		model.addAttribute("app", view.app());
		model.addAttribute("q", q);
		if (!model.containsAttribute("addForm")) {
			model.addAttribute("addForm", AddMemberForm.empty());
		}
		if (!model.containsAttribute("bulkForm")) {
			model.addAttribute("bulkForm", BulkAddForm.empty());
		}
		return VIEW;
	}

	static String path(String clientId) {
		return "/sys/clients/" + clientId + "/members";
	}

}
