package io.microsys.sso.provider.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.microsys.sso.provider.access.AppAdmins;
import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * The page a person lands on after signing in at the provider itself; it links the members page
 * of each app they administer.
 */
@Controller
class HomeController {

	static final String VIEW = "home";

	private final AppAdmins appAdmins;

	HomeController(AppAdmins appAdmins) {
		this.appAdmins = appAdmins;
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal SsoUserDetails user, Model model) {
		model.addAttribute("loginName", user.getLoginName());
		model.addAttribute("superuser", user.isSuperuser());
		model.addAttribute("administeredApps", this.appAdmins.of(user.getUserId()));
		return VIEW;
	}

}
