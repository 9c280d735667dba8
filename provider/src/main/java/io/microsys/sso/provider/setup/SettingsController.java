package io.microsys.sso.provider.setup;

import java.util.Arrays;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.account.Superusers;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;

/**
 * The provider's run-time settings ({@code /sys/settings}, superusers only); for now public
 * registration and its activation mode. Turning registration on needs mail that works: the page
 * tries the mail server and refuses with a clear message when it is missing or does not answer.
 */
@Controller
@RequestMapping("/sys/settings")
class SettingsController {

	static final String VIEW = "setup/settings";

	private final Superusers superusers;

	private final RuntimeSettings settings;

	private final Mailer mailer;

	private final SettingsChanges changes;

	SettingsController(Superusers superusers, RuntimeSettings settings, Mailer mailer, SettingsChanges changes) {
		this.superusers = superusers;
		this.settings = settings;
		this.mailer = mailer;
		this.changes = changes;
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.VIEW)
	@GetMapping
	String show(@AuthenticationPrincipal SsoUserDetails signedIn,
			@RequestParam(name = "saved", required = false) String saved, Model model) {
		this.superusers.require(signedIn);
		return view(this.settings.registration(), saved != null, model);
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping
	String save(@AuthenticationPrincipal SsoUserDetails signedIn, @Valid @ModelAttribute("form") SettingsForm form,
			BindingResult result, Model model, HttpServletResponse response) {
		SsoUser superuser = this.superusers.require(signedIn);
		boolean on = form.enabled();
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return view(this.settings.registration(), false, model);
		}
		RuntimeSettings.Registration wanted = new RuntimeSettings.Registration(on, form.mode().orElseThrow());
		if (on) {
			Optional<String> mailProblem = this.mailer.problem();
			if (mailProblem.isPresent()) {
				response.setStatus(HttpStatus.CONFLICT.value());
				model.addAttribute("error", "settings.error.mail-" + mailProblem.get());
				return view(new RuntimeSettings.Registration(false, wanted.mode()), false, model);
			}
		}
		this.changes.registration(superuser, wanted);
		return "redirect:/sys/settings?saved";
	}

	private String view(RuntimeSettings.Registration registration, boolean saved, Model model) {
		model.addAttribute("registration", registration);
		model.addAttribute("modes", Arrays.stream(RegistrationMode.values()).map(RegistrationMode::value).toList());
		model.addAttribute("mailConfigured", this.mailer.isAvailable());
		model.addAttribute("saved", saved);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new SettingsForm(null, null));
		}
		return VIEW;
	}

}
