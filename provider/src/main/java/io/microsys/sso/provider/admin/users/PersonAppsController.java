package io.microsys.sso.provider.admin.users;

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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;

/**
 * The "apps" tab of a person: their memberships in connected apps with their roles, changed here.
 * Bad input shows the page again (400) with the problem beside its field; a change redirects with
 * a message.
 */
@Controller
class PersonAppsController {

	static final String VIEW = "admin/users/apps";

	static final String PATH = "/sys/users/{uuid}/apps";

	private final PersonApps apps;

	PersonAppsController(PersonApps apps) {
		this.apps = apps;
	}

	@ConsoleAccess(area = Area.USERS, action = Action.VIEW)
	@GetMapping(PATH)
	String page(@PathVariable String uuid, Actor actor, Model model) {
		return show(this.apps.view(actor, uuid, Action.VIEW), model);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/add")
	String add(@PathVariable String uuid, @Valid @ModelAttribute("addForm") MembershipRoleForm form,
			BindingResult result, Actor actor, HttpServletResponse response, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.apps.add(actor, uuid, form.app(), form.role()), result, actor, uuid, model, response,
				redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/role")
	String role(@PathVariable String uuid, @Valid @ModelAttribute("roleForm") MembershipRoleForm form,
			BindingResult result, Actor actor, HttpServletResponse response, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.apps.changeRole(actor, uuid, form.app(), form.role()), result, actor, uuid, model, response,
				redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/active")
	String active(@PathVariable String uuid, @Valid @ModelAttribute("stateForm") MembershipStateForm form,
			BindingResult result, Actor actor, HttpServletResponse response, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.apps.setActive(actor, uuid, form.app(), Boolean.parseBoolean(form.active())), result, actor,
				uuid, model, response, redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/remove")
	String remove(@PathVariable String uuid, @Valid @ModelAttribute("removeForm") MembershipForm form,
			BindingResult result, Actor actor, HttpServletResponse response, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.apps.remove(actor, uuid, form.app()), result, actor, uuid, model, response, redirect);
	}

	private String done(Outcome outcome, BindingResult result, Actor actor, String uuid, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (outcome.isDone()) {
			redirect.addFlashAttribute("flash", outcome.flash());
			return "redirect:/sys/users/" + uuid + "/apps";
		}
		if (outcome.field() != null) {
			result.rejectValue(outcome.field(), outcome.error(), outcome.error());
			return again(actor, uuid, model, response);
		}
		redirect.addFlashAttribute("flashProblem", outcome.error());
		return "redirect:/sys/users/" + uuid + "/apps";
	}

	/** The page again, 400, with the problem beside its field. */
	private String again(Actor actor, String uuid, Model model, HttpServletResponse response) {
		String view = show(this.apps.view(actor, uuid, Action.CHANGE), model);
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return view;
	}

	private static String show(AppsView apps, Model model) {
		model.addAttribute("apps", apps);
		model.addAttribute("person", apps.person());
		if (!model.containsAttribute("addForm")) {
			model.addAttribute("addForm", new MembershipRoleForm(null, "USER"));
		}
		// A row's form has no visible field but its role: its problem is shown above the table.
		model.addAttribute("rowProblem", model.containsAttribute("roleForm") || model.containsAttribute("stateForm")
				|| model.containsAttribute("removeForm"));
		return VIEW;
	}

}
