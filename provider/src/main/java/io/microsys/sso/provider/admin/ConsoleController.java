package io.microsys.sso.provider.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.ConsoleAccess;

/** The console's start page: a card for each section the person may open, and nothing else. */
@Controller
class ConsoleController {

	static final String VIEW = "admin/home";

	private final ConsoleAdvice advice;

	ConsoleController(ConsoleAdvice advice) {
		this.advice = advice;
	}

	@ConsoleAccess
	@GetMapping({ "/sys", "/sys/" })
	String home(Actor actor, Model model) {
		model.addAttribute("tier", actor.tier());
		model.addAttribute("sections", this.advice.sections(actor));
		return VIEW;
	}

}
