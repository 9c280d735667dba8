package io.microsys.sso.provider.setup;

import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import io.microsys.sso.provider.mail.MailDelivery;
import io.microsys.sso.provider.support.Forms;

/**
 * Email delivery ({@code /sys/settings/mail}: {@code settings.view} to read,
 * {@code settings.change} to save or send the test message): the mail server every node sends
 * through, stored in the database, applied without a restart. The password is never shown again.
 */
@Controller
@RequestMapping("/sys/settings/mail")
class MailSettingsController {

	static final String VIEW = "setup/mail";

	private final MailSettingsChanges changes;

	private final MessageSource messages;

	MailSettingsController(MailSettingsChanges changes, MessageSource messages) {
		this.changes = changes;
		this.messages = messages;
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.VIEW)
	@GetMapping
	String show(Actor actor, Model model) {
		MailSettingsChanges.Current current = this.changes.current(actor);
		return view(current, current.form(), model);
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping
	String save(Actor actor, @Valid @ModelAttribute("form") MailSettingsForm form, BindingResult result, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		MailSettingsChanges.Current current = this.changes.current(actor);
		if (hasErrorsBesidesFixed(result, current)) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, form.forDisplay(), result);
			return view(current, form.forDisplay(), model);
		}
		this.changes.save(actor, form);
		redirect.addFlashAttribute("flash", "mail.settings.saved");
		return "redirect:/sys/settings/mail";
	}

	@ConsoleAccess(area = Area.SETTINGS, action = Action.CHANGE)
	@PostMapping("/test")
	String test(Actor actor, @RequestParam(name = "to", required = false) String to, Model model,
			HttpServletResponse response) {
		MailSettingsChanges.Current current = this.changes.current(actor);
		String address = Forms.blankToNull(to);
		if (address == null || !MailSettingsForm.isAddress(address) || address.contains("<")) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("testError", "mail.test.error.to");
			model.addAttribute("testTo", Forms.clip(to, 254));
			return view(current, current.form(), model);
		}
		Locale locale = LocaleContextHolder.getLocale();
		MailDelivery.TestOutcome outcome = this.changes.test(actor, address,
				this.messages.getMessage("mail.test.subject", null, locale),
				this.messages.getMessage("mail.test.text", null, locale));
		model.addAttribute("outcome", outcome);
		model.addAttribute("testTo", address);
		return view(current, current.form(), model);
	}

	/**
	 * Whether a field the form may change has an error: a field an environment variable fixes is
	 * not stored, so its (read-only) value is not held against the form.
	 */
	static boolean hasErrorsBesidesFixed(BindingResult result, MailSettingsChanges.Current current) {
		if (result.hasGlobalErrors()) {
			return true;
		}
		return result.getFieldErrors().stream().anyMatch((error) -> {
			String field = error.getField().replaceFirst("Valid$", "");
			return !current.fixed().containsKey(field.equals("removePassword") ? "password" : field);
		});
	}

	private static String view(MailSettingsChanges.Current current, MailSettingsForm form, Model model) {
		model.addAttribute("current", current.settings());
		model.addAttribute("fixed", current.fixed());
		model.addAttribute("tlsModes", java.util.Arrays.stream(io.microsys.sso.provider.settings.MailSettings.TlsMode.values())
			.map(io.microsys.sso.provider.settings.MailSettings.TlsMode::value)
			.toList());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", form);
		}
		return VIEW;
	}

}
