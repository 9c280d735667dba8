package io.microsys.sso.provider.setup;

import java.util.Arrays;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Forms;

/**
 * The provider's run-time settings ({@code /sys/settings}: {@code settings.view} to read,
 * {@code settings.change} to save): public registration and its activation mode, and the sign-in
 * page's logo and colour. Turning registration on needs mail that works: the page tries the mail
 * server and refuses with a clear message when it is missing or does not answer.
 */
@Controller
@RequestMapping("/sys/settings")
class SettingsController {

	static final String VIEW = "setup/settings";

	private final Mailer mailer;

	private final SettingsChanges changes;

	SettingsController(Mailer mailer, SettingsChanges changes) {
		this.mailer = mailer;
		this.changes = changes;
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.VIEW)
	@GetMapping
	String show(Actor actor, @RequestParam(name = "saved", required = false) String saved, Model model) {
		SettingsChanges.Current current = this.changes.current(actor);
		return view(current.registration(), current.branding(), saved != null, model);
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping
	String save(Actor actor, @Valid @ModelAttribute("form") SettingsForm form, BindingResult result, Model model,
			HttpServletResponse response) {
		boolean on = form.enabled();
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			SettingsChanges.Current current = this.changes.current(actor);
			return view(current.registration(), current.branding(), false, model);
		}
		RuntimeSettings.Registration wanted = new RuntimeSettings.Registration(on, form.mode().orElseThrow());
		if (on) {
			Optional<String> mailProblem = this.mailer.problem();
			if (mailProblem.isPresent()) {
				response.setStatus(HttpStatus.CONFLICT.value());
				model.addAttribute("error", "settings.error.mail-" + mailProblem.get());
				return view(new RuntimeSettings.Registration(false, wanted.mode()),
						this.changes.current(actor).branding(), false, model);
			}
		}
		this.changes.registration(actor, wanted);
		return "redirect:/sys/settings?saved";
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping("/branding")
	String saveBranding(Actor actor, @Valid @ModelAttribute("branding") BrandingForm form, BindingResult result,
			Model model, HttpServletResponse response, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			SettingsChanges.Current current = this.changes.current(actor);
			Forms.showAgain(model, form.forDisplay(), result);
			return view(current.registration(), current.branding(), false, model);
		}
		this.changes.branding(actor, form.branding());
		redirect.addFlashAttribute("flash", "settings.branding.saved");
		return "redirect:/sys/settings";
	}

	private String view(RuntimeSettings.Registration registration, RuntimeSettings.Branding branding, boolean saved,
			Model model) {
		model.addAttribute("registration", registration);
		model.addAttribute("modes", Arrays.stream(RegistrationMode.values()).map(RegistrationMode::value).toList());
		model.addAttribute("mailConfigured", this.mailer.isAvailable());
		model.addAttribute("saved", saved);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new SettingsForm(null, null));
		}
		if (!model.containsAttribute("branding")) {
			model.addAttribute("branding", BrandingForm.of(branding));
		}
		return VIEW;
	}

}
