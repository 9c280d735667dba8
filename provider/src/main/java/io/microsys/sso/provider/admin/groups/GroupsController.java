package io.microsys.sso.provider.admin.groups;

import java.util.Optional;
import java.util.Set;

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
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.admin.groups.GroupAdministration.Membership;
import io.microsys.sso.provider.support.Forms;

/**
 * {@code /sys/groups}: the groups (searchable, 50 a page), creating one, its page (name,
 * description, the permissions it gives as boxes by area and action; delete), and its members
 * (those the actor may see, the others counted; add by username or email, remove).
 */
@Controller
@RequestMapping("/sys/groups")
class GroupsController {

	static final String LIST = "admin/groups/list";

	static final String NEW = "admin/groups/new";

	static final String EDIT = "admin/groups/edit";

	static final String MEMBERS = "admin/groups/members";

	private static final String BACK = "redirect:/sys/groups";

	private final GroupAdministration groups;

	private final AdminPolicy policy;

	GroupsController(GroupAdministration groups, AdminPolicy policy) {
		this.groups = groups;
		this.policy = policy;
	}

	/** The actions in this area the actor may take, so pages offer only those (the services check again). */
	@ModelAttribute("may")
	java.util.Set<String> may(Actor actor) {
		java.util.Set<String> may = new java.util.HashSet<>();
		for (Action action : Action.values()) {
			if (this.policy.mayUse(actor, Area.GROUPS, action).isAllowed()) {
				may.add(action.code());
			}
		}
		return may;
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.VIEW)
	@GetMapping
	String list(Actor actor, @Valid @ModelAttribute("query") GroupListForm query, BindingResult result, Model model,
			HttpServletResponse response) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, GroupListForm.DEFAULT, result);
			query = GroupListForm.DEFAULT;
		}
		model.addAttribute("search", query.search());
		model.addAttribute("page", this.groups.list(actor, query.search(), query.pageNumber()));
		return LIST;
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.ADD)
	@GetMapping("/new")
	String add(Actor actor, Model model) {
		model.addAttribute("form", GroupForm.EMPTY);
		return grid(actor, Set.of(), model, NEW);
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.ADD)
	@PostMapping
	String create(Actor actor, @Valid @ModelAttribute("form") GroupForm form, BindingResult result, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		Optional<Set<Permission>> chosen = form.chosen();
		if (chosen.isEmpty()) {
			result.rejectValue("permissions", "form.error.permission");
		}
		if (!result.hasErrors()) {
			try {
				long id = this.groups.create(actor, form.name(), form.trimmedDescription(), chosen.get());
				redirect.addFlashAttribute("flash", "groups.flash.created");
				return BACK + "/" + id;
			}
			catch (GroupNameTakenException ex) {
				result.rejectValue("name", "groups.error.nameTaken");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return grid(actor, Set.of(), model, NEW);
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.VIEW)
	@GetMapping("/{id:\\d{1,18}}")
	String edit(Actor actor, @PathVariable long id, Model model) {
		GroupDetails group = this.groups.find(actor, id);
		model.addAttribute("group", group);
		model.addAttribute("form", new GroupForm(group.name(), group.description(), group.codes().stream().toList()));
		return grid(actor, group.codes(), model, EDIT);
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.CHANGE)
	@PostMapping("/{id:\\d{1,18}}")
	String change(Actor actor, @PathVariable long id, @Valid @ModelAttribute("form") GroupForm form,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		Optional<Set<Permission>> chosen = form.chosen();
		if (chosen.isEmpty()) {
			result.rejectValue("permissions", "form.error.permission");
		}
		if (!result.hasErrors()) {
			try {
				this.groups.change(actor, id, form.name(), form.trimmedDescription(), chosen.get());
				redirect.addFlashAttribute("flash", "groups.flash.changed");
				return BACK + "/" + id;
			}
			catch (GroupNameTakenException ex) {
				result.rejectValue("name", "groups.error.nameTaken");
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		GroupDetails group = this.groups.find(actor, id);
		model.addAttribute("group", group);
		return grid(actor, group.codes(), model, EDIT);
	}

	/** The permission boxes: which the actor may change, which the group gives now. */
	private String grid(Actor actor, Set<String> current, Model model, String view) {
		model.addAttribute("areas", Area.values());
		model.addAttribute("actions", Action.values());
		model.addAttribute("grantable", this.groups.grantable(actor).stream().map(Permission::code).toList());
		model.addAttribute("current", current);
		model.addAttribute("superuser", actor.tier() == Tier.SUPERUSER);
		return view;
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.DELETE)
	@PostMapping("/{id:\\d{1,18}}/delete")
	String delete(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		this.groups.delete(actor, id);
		redirect.addFlashAttribute("flash", "groups.flash.deleted");
		return BACK;
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.VIEW)
	@GetMapping("/{id:\\d{1,18}}/members")
	String members(Actor actor, @PathVariable long id, @Valid @ModelAttribute("query") GroupListForm query,
			BindingResult result, Model model, HttpServletResponse response) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, GroupListForm.DEFAULT, result);
			query = GroupListForm.DEFAULT;
		}
		model.addAttribute("member", MemberForm.EMPTY);
		return members(actor, id, query.pageNumber(), model);
	}

	private String members(Actor actor, long id, int page, Model model) {
		model.addAttribute("group", this.groups.find(actor, id));
		model.addAttribute("members", this.groups.members(actor, id, page));
		return MEMBERS;
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.CHANGE)
	@PostMapping("/{id:\\d{1,18}}/members")
	String addMember(Actor actor, @PathVariable long id, @Valid @ModelAttribute("member") MemberForm member,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (!result.hasErrors()) {
			Membership outcome = this.groups.addMember(actor, id, member.login());
			if (outcome != Membership.NO_PERSON) {
				redirect.addFlashAttribute(outcome == Membership.DONE ? "flash" : "flashProblem",
						outcome == Membership.DONE ? "groups.flash.memberAdded" : "groups.flash.alreadyMember");
				return BACK + "/" + id + "/members";
			}
			result.rejectValue("login", "groups.error.noPerson");
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("query", GroupListForm.DEFAULT);
		return members(actor, id, 0, model);
	}

	@ConsoleAccess(area = Area.GROUPS, action = Action.CHANGE)
	@PostMapping("/{id:\\d{1,18}}/members/{uuid}/remove")
	String removeMember(Actor actor, @PathVariable long id, @PathVariable String uuid, RedirectAttributes redirect) {
		Membership outcome = this.groups.removeMember(actor, id, uuid);
		redirect.addFlashAttribute(outcome == Membership.DONE ? "flash" : "flashProblem",
				outcome == Membership.DONE ? "groups.flash.memberRemoved" : "groups.flash.notMember");
		return BACK + "/" + id + "/members";
	}

}
