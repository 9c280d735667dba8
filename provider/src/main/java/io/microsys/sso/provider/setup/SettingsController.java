package io.microsys.sso.provider.setup;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * The provider's run-time settings ({@code /sys/settings}: {@code settings.view} to read,
 * {@code settings.change} to save): public registration and its activation mode, the sign-in
 * page's logo and colour, the security settings ({@code /sys/settings/security}) and how the
 * client's address is found ({@code /sys/settings/network}). Turning registration on needs mail that works: the page tries the mail
 * server and refuses with a clear message when it is missing or does not answer.
 */
@Controller
@RequestMapping("/sys/settings")
class SettingsController {

	static final String VIEW = "setup/settings";

	private static final Map<Setting, String> NETWORK_FIELDS = Map.of(Setting.CLIENT_ADDRESS, "mode",
			Setting.CLIENT_ADDRESS_HEADER, "header", Setting.PROXY_HOPS, "hops");

	private final Mailer mailer;

	private final SettingsChanges changes;

	private final RuntimeSettingsChanges runtime;

	SettingsController(Mailer mailer, SettingsChanges changes, RuntimeSettingsChanges runtime) {
		this.mailer = mailer;
		this.changes = changes;
		this.runtime = runtime;
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.VIEW)
	@GetMapping
	String show(Actor actor, @RequestParam(name = "saved", required = false) String saved, Model model) {
		SettingsChanges.Current current = this.changes.current(actor);
		return view(actor, current.registration(), current.branding(), saved != null, model);
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping
	String save(Actor actor, @Valid @ModelAttribute("form") SettingsForm form, BindingResult result, Model model,
			HttpServletResponse response) {
		boolean on = form.enabled();
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			SettingsChanges.Current current = this.changes.current(actor);
			return view(actor, current.registration(), current.branding(), false, model);
		}
		RuntimeSettings.Registration wanted = new RuntimeSettings.Registration(on, form.mode().orElseThrow());
		if (on) {
			Optional<String> mailProblem = this.mailer.problem();
			if (mailProblem.isPresent()) {
				response.setStatus(HttpStatus.CONFLICT.value());
				model.addAttribute("error", "settings.error.mail-" + mailProblem.get());
				return view(actor, new RuntimeSettings.Registration(false, wanted.mode()),
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
			return view(actor, current.registration(), current.branding(), false, model);
		}
		this.changes.branding(actor, form.branding());
		redirect.addFlashAttribute("flash", "settings.branding.saved");
		return "redirect:/sys/settings";
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping("/security")
	String saveSecurity(Actor actor, @ModelAttribute("security") SecurityForm form, BindingResult result, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		form.check(result, this.runtime.fixed());
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			SettingsChanges.Current current = this.changes.current(actor);
			Forms.showAgain(model, form.forDisplay(), result);
			return view(actor, current.registration(), current.branding(), false, model);
		}
		this.runtime.saveSecurity(actor, form);
		redirect.addFlashAttribute("flash", "settings.security.saved");
		return "redirect:/sys/settings";
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping("/network")
	String saveNetwork(Actor actor, @ModelAttribute("network") NetworkForm form, BindingResult result, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		SettingsChanges.Current current = this.changes.current(actor);
		if (this.runtime.trustedProxies()) {
			response.setStatus(HttpStatus.CONFLICT.value());
			model.addAttribute("networkError", "settings.network.valve");
			return view(actor, current.registration(), current.branding(), false, model);
		}
		form.check(result, this.runtime.fixed());
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, form.forDisplay(), result);
			return view(actor, current.registration(), current.branding(), false, model);
		}
		this.runtime.saveNetwork(actor, form);
		redirect.addFlashAttribute("flash", "settings.network.saved");
		return "redirect:/sys/settings";
	}

	private String view(Actor actor, RuntimeSettings.Registration registration, RuntimeSettings.Branding branding,
			boolean saved, Model model) {
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
		List<Setting> security = List.copyOf(SecurityForm.FIELDS.keySet());
		model.addAttribute("securityRows", this.runtime.rows(actor, security, SecurityForm.FIELDS));
		if (!model.containsAttribute("security")) {
			model.addAttribute("security", SecurityForm.of(this.runtime.currentValues(security)));
		}
		model.addAttribute("networkRows",
				this.runtime.rows(actor, RuntimeSettingsChanges.NETWORK, NETWORK_FIELDS));
		if (!model.containsAttribute("network")) {
			Map<Setting, String> values = this.runtime.currentValues(RuntimeSettingsChanges.NETWORK);
			model.addAttribute("network", new NetworkForm(values.get(Setting.CLIENT_ADDRESS),
					values.get(Setting.CLIENT_ADDRESS_HEADER), values.get(Setting.PROXY_HOPS)));
		}
		model.addAttribute("trustedProxies", this.runtime.trustedProxies());
		model.addAttribute("addressModes",
				Arrays.stream(SecuritySettings.AddressMode.values()).map(SecuritySettings.AddressMode::value).toList());
		model.addAttribute("languages", List.of(Language.values()));
		return VIEW;
	}

}
