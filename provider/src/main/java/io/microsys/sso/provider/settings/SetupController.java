package io.microsys.sso.provider.settings;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;

import io.microsys.sso.provider.account.Emails;


/** First-launch setup: creates the first superuser, then answers 404 for good. */
@Controller
@RequestMapping("/sys/setup")
class SetupController {

	static final String VIEW = "settings/setup";

	private final FirstSuperuser firstSuperuser;

	SetupController(FirstSuperuser firstSuperuser) {
		this.firstSuperuser = firstSuperuser;
	}

	/** What the setup form posts; only these fields are bound. */
	record SetupForm(String username, String email, String password, String passwordConfirm) {
	}

	@GetMapping
	String form(Model model) {
		requireNeeded();
		model.addAttribute("form", new SetupForm("", "", "", ""));
		return VIEW;
	}

	@PostMapping
	String create(@ModelAttribute("form") SetupForm form, Model model) {
		requireNeeded();
		Optional<String> error = validate(form);
		if (error.isEmpty()) {
			try {
				error = this.firstSuperuser
					.create(form.username().trim(), form.email().trim(), form.password(), false)
					.map((problem) -> "password." + problem);
			}
			catch (IllegalStateException ex) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND);
			}
		}
		if (error.isPresent()) {
			model.addAttribute("form", new SetupForm(form.username(), form.email(), "", ""));
			model.addAttribute("error", error.get());
			return VIEW;
		}
		return "redirect:/accounts/login";
	}

	private Optional<String> validate(SetupForm form) {
		Optional<String> username = this.firstSuperuser
			.usernameProblem((form.username() != null) ? form.username().trim() : null);
		if (username.isPresent()) {
			return username;
		}
		if (form.email() == null || !Emails.isValid(form.email().trim())) {
			return Optional.of("setup.error.email");
		}
		if (form.password() == null || !form.password().equals(form.passwordConfirm())) {
			return Optional.of("setup.error.mismatch");
		}
		return Optional.empty();
	}

	private void requireNeeded() {
		if (!this.firstSuperuser.needed()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
