package io.microsys.sso.provider.login;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

	private final AppBeingSignedInto app;

	private final Clock clock;

	LoginController(RuntimeSettings settings, Mailer mailer, AppBeingSignedInto app, Clock clock) {
		this.settings = settings;
		this.mailer = mailer;
		this.app = app;
		this.clock = clock;
	}

	@GetMapping("/accounts/login")
	String login(Model model, HttpServletRequest request, HttpServletResponse response) {
		this.app.name(request, response).ifPresent((name) -> model.addAttribute("appName", name));
		Optional<Reauthentication> again = Reauthentication.pending(request, this.clock.instant());
		if (again.isPresent()) {
			// An app asked this person to sign in again: their name, fixed for prompt=login.
			model.addAttribute("signInAgain", true);
			model.addAttribute("username", again.get().loginName());
			model.addAttribute("usernameFixed", again.get().nameFixed() && again.get().loginName() != null);
		}
		else {
			this.app.loginHint(request, response).ifPresent((hint) -> model.addAttribute("username", hint));
		}
		model.addAttribute("logoUrl", this.settings.branding().logoUrl());
		model.addAttribute("signInPage", true);
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
