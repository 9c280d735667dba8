package io.microsys.sso.provider.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.microsys.sso.provider.account.SsoUserDetails;

/** The page a person lands on after signing in at the provider itself. */
@Controller
class HomeController {

	static final String VIEW = "home";

	@GetMapping("/")
	String home(@AuthenticationPrincipal SsoUserDetails user, Model model) {
		model.addAttribute("loginName", user.getLoginName());
		model.addAttribute("superuser", user.isSuperuser());
		return VIEW;
	}

}
