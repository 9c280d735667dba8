package io.microsys.sso.provider.admin.users;

import jakarta.servlet.http.HttpServletRequest;
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
 * The "sign-in and security" tab of a person: two-step state, sign-in throttle, signed-in devices,
 * and the staff actions, each a form with the actor's current password. A refused action shows the
 * page again (400) with the problem beside its field; a done one redirects with a message.
 */
@Controller
class PersonSecurityController {

	static final String VIEW = "admin/users/security";

	static final String PATH = "/sys/users/{uuid}/security";

	private final PersonSecurity security;

	PersonSecurityController(PersonSecurity security) {
		this.security = security;
	}

	@ConsoleAccess(area = Area.USERS, action = Action.VIEW)
	@GetMapping(PATH)
	String page(@PathVariable String uuid, Actor actor, Model model) {
		return show(this.security.view(actor, uuid, Action.VIEW), model);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/reset-link")
	String resetLink(@PathVariable String uuid, @Valid @ModelAttribute("resetLinkForm") GuardForm form,
			BindingResult result, Actor actor, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.security.sendResetLink(actor, uuid, form.currentPassword(), request), result, actor, uuid,
				model, response, redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/temporary-password")
	String temporaryPassword(@PathVariable String uuid, @Valid @ModelAttribute("temporaryForm") TemporaryPasswordForm form,
			BindingResult result, Actor actor, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.security.setTemporaryPassword(actor, uuid, form.currentPassword(), form.temporaryPassword(),
				request), result, actor, uuid, model, response, redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/two-step/reset")
	String resetTwoStep(@PathVariable String uuid, @Valid @ModelAttribute("twoStepForm") GuardForm form,
			BindingResult result, Actor actor, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.security.resetTwoStep(actor, uuid, form.currentPassword(), request), result, actor, uuid,
				model, response, redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/unblock")
	String unblock(@PathVariable String uuid, @Valid @ModelAttribute("unblockForm") GuardForm form,
			BindingResult result, Actor actor, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.security.unblock(actor, uuid, form.currentPassword(), request), result, actor, uuid, model,
				response, redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/sessions/end")
	String endSession(@PathVariable String uuid, @Valid @ModelAttribute("endSessionForm") EndSessionForm form,
			BindingResult result, Actor actor, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.security.endSession(actor, uuid, form.session(), form.currentPassword(), request), result,
				actor, uuid, model, response, redirect);
	}

	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	@PostMapping(PATH + "/sessions/end-all")
	String endAllSessions(@PathVariable String uuid, @Valid @ModelAttribute("endAllForm") GuardForm form,
			BindingResult result, Actor actor, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return again(actor, uuid, model, response);
		}
		return done(this.security.endAllSessions(actor, uuid, form.currentPassword(), request), result, actor, uuid,
				model, response, redirect);
	}

	private String done(Outcome outcome, BindingResult result, Actor actor, String uuid, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (outcome.isDone()) {
			redirect.addFlashAttribute("flash", outcome.flash());
			return "redirect:/sys/users/" + uuid + "/security";
		}
		if (outcome.field() != null) {
			result.rejectValue(outcome.field(), outcome.error(), outcome.error());
			return again(actor, uuid, model, response);
		}
		redirect.addFlashAttribute("flashProblem", outcome.error());
		return "redirect:/sys/users/" + uuid + "/security";
	}

	/** The page again, 400, with the refused form's problem beside its field. */
	private String again(Actor actor, String uuid, Model model, HttpServletResponse response) {
		String view = show(this.security.view(actor, uuid, Action.CHANGE), model);
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return view;
	}

	private static String show(SecurityView security, Model model) {
		model.addAttribute("security", security);
		model.addAttribute("person", security.person());
		GuardForm empty = new GuardForm(null);
		for (String name : new String[] { "resetLinkForm", "twoStepForm", "unblockForm", "endAllForm" }) {
			if (!model.containsAttribute(name)) {
				model.addAttribute(name, empty);
			}
		}
		if (!model.containsAttribute("temporaryForm")) {
			model.addAttribute("temporaryForm", new TemporaryPasswordForm(null, null));
		}
		if (!model.containsAttribute("endSessionForm")) {
			model.addAttribute("endSessionForm", new EndSessionForm(null, null));
		}
		return VIEW;
	}

}
