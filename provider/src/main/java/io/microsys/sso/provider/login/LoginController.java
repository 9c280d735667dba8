package io.microsys.sso.provider.login;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.RuntimeSettings;

/** The sign-in and sign-out pages; the POSTs are handled by Spring Security. */
@Controller
class LoginController {

	static final String LOGIN_VIEW = "login/login";

	static final String LOGOUT_VIEW = "login/logout";

	private final RuntimeSettings settings;

	private final Mailer mailer;

	LoginController(RuntimeSettings settings, Mailer mailer) {
		this.settings = settings;
		this.mailer = mailer;
	}

	@GetMapping("/accounts/login")
	String login(Model model) {
		model.addAttribute("registrationOpen", this.settings.openRegistration().isPresent());
		// Reset links are mailed: without a mail server the link would lead nowhere.
		model.addAttribute("resetAvailable", this.mailer.isAvailable());
		return LOGIN_VIEW;
	}

	@GetMapping("/accounts/logout")
	String logout() {
		return LOGOUT_VIEW;
	}

}
