package io.microsys.sso.provider.admin.scopes;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.admin.scopes.ScopeAdministration.Deletion;
import io.microsys.sso.provider.support.Forms;

/**
 * {@code /sys/scopes}: the scopes with their number of people (searchable, sortable, 50 a page),
 * creating one, its edit page (rename, describe, delete: empty, or moving its people), and the
 * switch that turns the scope system off and on. Global staff and superusers only.
 */
@Controller
@RequestMapping("/sys/scopes")
class ScopesController {

	static final String LIST = "admin/scopes/list";

	static final String NEW = "admin/scopes/new";

	static final String EDIT = "admin/scopes/edit";

	private static final String BACK = "redirect:/sys/scopes";

	private final ScopeAdministration scopes;

	private final AdminPolicy policy;

	ScopesController(ScopeAdministration scopes, AdminPolicy policy) {
		this.scopes = scopes;
		this.policy = policy;
	}

	/** The actions in this area the actor may take, so pages offer only those (the services check again). */
	@ModelAttribute("may")
	java.util.Set<String> may(Actor actor) {
		java.util.Set<String> may = new java.util.HashSet<>();
		for (Action action : Action.values()) {
			if (this.policy.mayUse(actor, Area.SCOPES, action).isAllowed()) {
				may.add(action.code());
			}
		}
		return may;
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.VIEW)
	@GetMapping
	String list(Actor actor, @Valid @ModelAttribute("query") ScopeListForm query, BindingResult result, Model model,
			HttpServletResponse response) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, ScopeListForm.DEFAULT, result);
			query = ScopeListForm.DEFAULT;
		}
		return list(actor, query, model);
	}

	private String list(Actor actor, ScopeListForm query, Model model) {
		if (!model.containsAttribute("query")) {
			model.addAttribute("query", query);
		}
		boolean on = this.scopes.isOn(actor);
		model.addAttribute("on", on);
		if (on) {
			ScopeQuery shown = query.query();
			model.addAttribute("shown", shown);
			model.addAttribute("page", this.scopes.list(actor, shown));
		}
		return LIST;
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.ADD)
	@GetMapping("/new")
	String add(Model model) {
		model.addAttribute("form", ScopeForm.EMPTY);
		return NEW;
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.ADD)
	@PostMapping
	String create(Actor actor, @Valid @ModelAttribute("form") ScopeForm form, BindingResult result,
			RedirectAttributes redirect, HttpServletResponse response) {
		if (!result.hasErrors()) {
			try {
				long id = this.scopes.create(actor, form.name(), form.trimmedDescription());
				redirect.addFlashAttribute("flash", "scopes.flash.created");
				return BACK + "/" + id;
			}
			catch (ScopeNameTakenException ex) {
				result.rejectValue("name", "scopes.error.nameTaken");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return NEW;
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.VIEW)
	@GetMapping("/{id:\\d{1,18}}")
	String edit(Actor actor, @PathVariable long id, Model model) {
		ScopeRow scope = this.scopes.find(actor, id);
		model.addAttribute("form", new ScopeForm(scope.name(), scope.description()));
		return edit(actor, scope, new ScopeDeleteForm(null), model);
	}

	private String edit(Actor actor, ScopeRow scope, ScopeDeleteForm deletion, Model model) {
		model.addAttribute("scope", scope);
		model.addAttribute("deletion", deletion);
		model.addAttribute("targets", (scope.people() > 0) ? this.scopes.targets(actor, scope.id()) : java.util.Map.of());
		return EDIT;
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.CHANGE)
	@PostMapping("/{id:\\d{1,18}}")
	String change(Actor actor, @PathVariable long id, @Valid @ModelAttribute("form") ScopeForm form,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (!result.hasErrors()) {
			try {
				this.scopes.change(actor, id, form.name(), form.trimmedDescription());
				redirect.addFlashAttribute("flash", "scopes.flash.changed");
				return BACK + "/" + id;
			}
			catch (ScopeNameTakenException ex) {
				result.rejectValue("name", "scopes.error.nameTaken");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return edit(actor, this.scopes.find(actor, id), new ScopeDeleteForm(null), model);
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.DELETE)
	@PostMapping("/{id:\\d{1,18}}/delete")
	String delete(Actor actor, @PathVariable long id, @Valid @ModelAttribute("deletion") ScopeDeleteForm deletion,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (!result.hasErrors()) {
			Deletion outcome = this.scopes.delete(actor, id, deletion.target());
			switch (outcome) {
				case DELETED -> {
					redirect.addFlashAttribute("flash",
							(deletion.target() != null) ? "scopes.flash.moved" : "scopes.flash.deleted");
					return BACK;
				}
				case GONE -> {
					redirect.addFlashAttribute("flashProblem", "scopes.flash.gone");
					return BACK;
				}
				case BUSY -> {
					redirect.addFlashAttribute("flashProblem", "scopes.flash.busy");
					return BACK + "/" + id;
				}
				case LIMITS_SERVICE_ACCOUNTS -> {
					redirect.addFlashAttribute("flashProblem", "scopes.flash.serviceAccounts");
					return BACK + "/" + id;
				}
				case NOT_EMPTY -> result.rejectValue("moveTo", "scopes.error.notEmpty");
				case TARGET_GONE -> result.rejectValue("moveTo", "scopes.error.targetGone");
				case SAME_TARGET -> result.rejectValue("moveTo", "scopes.error.sameTarget");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		ScopeRow scope = this.scopes.find(actor, id);
		model.addAttribute("form", new ScopeForm(scope.name(), scope.description()));
		return edit(actor, scope, deletion, model);
	}

	@ConsoleAccess(area = Area.SCOPES, action = Action.CHANGE)
	@PostMapping("/system")
	String turn(Actor actor, @Valid @ModelAttribute("system") ScopeSystemForm system, BindingResult result,
			Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("flashProblem", "scopes.flash.badSwitch");
			return list(actor, ScopeListForm.DEFAULT, model);
		}
		this.scopes.turn(actor, system.on());
		redirect.addFlashAttribute("flash", system.on() ? "scopes.flash.on" : "scopes.flash.off");
		return BACK;
	}

}
