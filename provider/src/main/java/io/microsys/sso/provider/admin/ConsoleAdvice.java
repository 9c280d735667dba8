package io.microsys.sso.provider.admin;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.settings.ScopeSystem;

/**
 * What the console's layout needs on every console page: the sections the actor may open (only
 * those), which one the page belongs to, and whether the scope system is on ({@code scopesOn}:
 * when off, pages hide their scope columns, filters and fields).
 */
@ControllerAdvice
class ConsoleAdvice {

	private final Actors actors;

	private final AdminPolicy policy;

	private final ScopeSystem scopeSystem;

	ConsoleAdvice(Actors actors, AdminPolicy policy, ScopeSystem scopeSystem) {
		this.actors = actors;
		this.policy = policy;
		this.scopeSystem = scopeSystem;
	}

	@ModelAttribute
	void console(HttpServletRequest request, Model model) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!ConsolePaths.isConsole(path)) {
			return;
		}
		Actor actor = this.actors.current();
		model.addAttribute("consoleSections", sections(actor));
		// An app's admin without the console: no link to pages they cannot open.
		model.addAttribute("consoleMinimal", !this.policy.mayOpenConsole(actor).isAllowed());
		model.addAttribute("consoleCurrent", Arrays.stream(ConsoleSection.values())
			.filter((section) -> path.equals(section.path()) || path.startsWith(section.path() + "/"))
			.findFirst()
			.map(ConsoleSection::code)
			.orElse(null));
		model.addAttribute("scopesOn", this.scopeSystem.isOn());
	}

	/** The sections the actor may open, in navigation order. */
	List<ConsoleSection> sections(Actor actor) {
		return Arrays.stream(ConsoleSection.values())
			.filter((section) -> this.policy.mayUse(actor, section.area(), section.action()).isAllowed())
			.toList();
	}

}
