package io.microsys.sso.provider.admin.users;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * A person in the console: the "add a person" page, their profile tab (with the form to change
 * them, and deactivation), and their own activity. Every rule is checked in
 * {@link PeopleAdministration}.
 */
@Controller
class PersonController {

	static final String NEW_VIEW = "admin/users/new";

	static final String PERSON_VIEW = "admin/users/person";

	static final String ACTIVITY_VIEW = "admin/users/activity";

	static final String CONFLICT_VIEW = "admin/users/conflict";

	private final PeopleAdministration people;

	PersonController(PeopleAdministration people) {
		this.people = people;
	}

	@GetMapping("/sys/users/new")
	@ConsoleAccess(area = Area.USERS, action = Action.ADD)
	String newPerson(Actor actor, Model model) {
		model.addAttribute("form", PersonForm.empty(Language.of(LocaleContextHolder.getLocale()).code()));
		model.addAttribute("choices", this.people.newPersonChoices(actor));
		return NEW_VIEW;
	}

	@PostMapping("/sys/users")
	@ConsoleAccess(area = Area.USERS, action = Action.ADD)
	String create(Actor actor, @Valid @ModelAttribute("form") PersonForm form, BindingResult result, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				String uuid = this.people.create(actor, form);
				redirect.addFlashAttribute("flash",
						form.setsPassword() ? "person.flash.created" : "person.flash.created-link");
				return "redirect:/sys/users/" + uuid;
			}
			catch (FieldProblem problem) {
				result.rejectValue(problem.field(), problem.messageKey());
			}
		}
		model.addAttribute("choices", this.people.newPersonChoices(actor));
		Forms.showAgain(model, form.forDisplay(), result);
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return NEW_VIEW;
	}

	@GetMapping("/sys/users/{uuid}")
	@ConsoleAccess(area = Area.USERS, action = Action.VIEW)
	String person(Actor actor, @PathVariable String uuid, Model model) {
		PeopleAdministration.PersonPage page = this.people.view(actor, uuid);
		model.addAttribute("page", page);
		model.addAttribute("person", page.person());
		model.addAttribute("form", page.form());
		return PERSON_VIEW;
	}

	@PostMapping("/sys/users/{uuid}")
	@ConsoleAccess(area = Area.USERS, action = Action.CHANGE)
	String change(Actor actor, @PathVariable String uuid, @Valid @ModelAttribute("form") PersonEditForm form,
			BindingResult result, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				boolean changed = this.people.change(actor, uuid, form);
				redirect.addFlashAttribute("flash", changed ? "person.flash.changed" : "person.flash.unchanged");
				return "redirect:/sys/users/" + uuid;
			}
			catch (FieldProblem problem) {
				result.rejectValue(problem.field(), problem.messageKey());
			}
		}
		PeopleAdministration.PersonPage page = this.people.view(actor, uuid);
		model.addAttribute("page", page);
		model.addAttribute("person", page.person());
		Forms.showAgain(model, form.forDisplay(), result);
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return PERSON_VIEW;
	}

	@PostMapping("/sys/users/{uuid}/deactivate")
	@ConsoleAccess(area = Area.USERS, action = Action.DELETE)
	String deactivate(Actor actor, @PathVariable String uuid, RedirectAttributes redirect) {
		this.people.deactivate(actor, uuid);
		redirect.addFlashAttribute("flash", "person.flash.deactivated");
		return "redirect:/sys/users/" + uuid;
	}

	@PostMapping("/sys/users/{uuid}/reactivate")
	@ConsoleAccess(area = Area.USERS, action = Action.DELETE)
	String reactivate(Actor actor, @PathVariable String uuid, RedirectAttributes redirect) {
		this.people.reactivate(actor, uuid);
		redirect.addFlashAttribute("flash", "person.flash.reactivated");
		return "redirect:/sys/users/" + uuid;
	}

	@GetMapping("/sys/users/{uuid}/activity")
	@ConsoleAccess(area = Area.USERS, action = Action.VIEW)
	String activity(Actor actor, @PathVariable String uuid, @RequestParam(required = false) Long before,
			Model model) {
		if (before != null && before < 1) {
			throw new BadPageException();
		}
		PeopleAdministration.ActivityPage page = this.people.activity(actor, uuid, before);
		model.addAttribute("page", page);
		model.addAttribute("person", page.person());
		return ACTIVITY_VIEW;
	}

	@ExceptionHandler(ChangedMeanwhileException.class)
	@ResponseStatus(HttpStatus.CONFLICT)
	String changedMeanwhile(HttpServletRequest request, Model model) {
		model.addAttribute("reload", request.getRequestURI());
		return CONFLICT_VIEW;
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, BadPageException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badPage(Model model) {
		model.addAttribute("flashProblem", "person.error.page");
		return CONFLICT_VIEW;
	}

	/** A page parameter that cannot be one. */
	static final class BadPageException extends RuntimeException {

		private static final long serialVersionUID = 1L;

	}

}
