package io.microsys.sso.provider.setup;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.microsys.sso.provider.mail.MailDelivery;
import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.support.Forms;

/**
 * First-launch setup: creates the first superuser for whoever holds the one-time setup code from
 * the log, with the installation's public URL (the issuer, in effect from the next start), its
 * mail server (optional; a test message tries it before it is saved) and public registration, then
 * says "already set up" (404) for good. Until start-up is complete (signing keys, bootstrap file,
 * administrator from the environment, the code) it answers 503.
 */
@Controller
@RequestMapping("/sys/setup")
class SetupController {

	static final String VIEW = "setup/setup";

	static final String STARTING_VIEW = "setup/setup-starting";

	static final String DONE_VIEW = "setup/setup-done";

	/** How long a browser is asked to wait while the provider starts. */
	static final Duration STARTING_RETRY = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(SetupController.class);

	private final FirstSuperuser firstSuperuser;

	private final SetupCode setupCode;

	private final ApplicationAvailability availability;

	private final Clock clock;

	private final SetupSettings settings;

	private final MailSettingsChanges mail;

	private final MessageSource messages;

	SetupController(FirstSuperuser firstSuperuser, SetupCode setupCode, ApplicationAvailability availability,
			Clock clock, SetupSettings settings, MailSettingsChanges mail, MessageSource messages) {
		this.firstSuperuser = firstSuperuser;
		this.setupCode = setupCode;
		this.availability = availability;
		this.clock = clock;
		this.settings = settings;
		this.mail = mail;
		this.messages = messages;
	}

	@GetMapping
	String form(Model model, HttpServletResponse response) {
		Optional<String> unavailable = unavailable(response);
		if (unavailable.isPresent()) {
			return unavailable.get();
		}
		model.addAttribute("form", this.settings.initial());
		return view(model);
	}

	@PostMapping
	String create(@Valid @ModelAttribute("form") SetupForm form, BindingResult result, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		Optional<String> unavailable = unavailable(response);
		if (unavailable.isPresent()) {
			return unavailable.get();
		}
		SetupCode.Check check = this.setupCode.check(form.code(), ClientAddress.of(request));
		if (check.blockedUntil().isPresent()) {
			long seconds = Math.max(1, Duration.between(this.clock.instant(), check.blockedUntil().get()).toSeconds());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			return again(model, shown(form, ""), null, "setup.error.throttled");
		}
		if (!check.accepted()) {
			logger.warn("A wrong setup code was entered on /sys/setup from {}", ClientAddress.of(request));
			response.setStatus(HttpStatus.FORBIDDEN.value());
			return again(model, shown(form, ""), null, "setup.error.code");
		}
		if (form.testsMail()) {
			return testMail(form, result, model, response);
		}
		if (!result.hasFieldErrors("registrationValid") && "true".equals(form.registrationEnabled())
				&& !this.settings.mailFor(form)) {
			result.rejectValue("registrationValid", "setup.error.registration-mail");
		}
		if (!result.hasFieldErrors("username")) {
			this.firstSuperuser.usernameProblem(form.username().trim())
				.ifPresent((problem) -> result.rejectValue("username", problem));
		}
		if (!result.hasErrors()) {
			try {
				this.settings.complete(form).ifPresent((problem) -> result.rejectValue("password", "password." + problem));
			}
			catch (IllegalStateException ex) {
				return done(response);
			}
		}
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return again(model, shown(form, form.code()), result, null);
		}
		return "redirect:/accounts/login?setup";
	}

	/**
	 * Sends the test message to the administrator's address through the mail server typed (not
	 * saved yet), and shows the form again (without its passwords) with the server's answer.
	 */
	private String testMail(SetupForm form, BindingResult result, Model model, HttpServletResponse response) {
		boolean mailErrors = result.getFieldErrors().stream().anyMatch((error) -> error.getField().startsWith("mail."));
		if (mailErrors || result.hasFieldErrors("email") || !form.setsMail()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			if (form.mail() == null) {
				result.reject("setup.error.mail-host");
			}
			else if (!form.setsMail() && !result.hasFieldErrors("mail.hostValid")) {
				result.rejectValue("mail.hostValid", "setup.error.mail-host");
			}
			return again(model, shown(form, form.code()), result, null);
		}
		MailSettingsForm typed = form.mail();
		String port = Forms.blankToNull(typed.port());
		MailSettings.Effective current = this.mail.current().settings();
		Map<String, String> fixed = this.mail.current().fixed();
		// A field fixed by an environment variable is tried as it is in effect, like it would be saved.
		MailSettings.Effective trying = new MailSettings.Effective(
				fixed.containsKey("host") ? current.host() : Forms.blankToNull(typed.host()),
				fixed.containsKey("port") ? current.port() : ((port != null) ? Integer.valueOf(port) : null),
				fixed.containsKey("tls") ? current.tls() : MailSettings.TlsMode.of(typed.tls()).orElseThrow(),
				fixed.containsKey("username") ? current.username() : Forms.blankToNull(typed.username()),
				fixed.containsKey("password") || typed.password() == null || typed.password().isEmpty()
						? current.plainPassword() : typed.password(),
				(fixed.containsKey("password") || typed.password() == null || typed.password().isEmpty())
						? current.sealedPassword() : null,
				fixed.containsKey("from") || Forms.blankToNull(typed.from()) == null ? current.from()
						: typed.from().trim(),
				true);
		Locale locale = LocaleContextHolder.getLocale();
		String to = form.email().trim();
		MailDelivery.TestOutcome outcome = this.mail.test(trying, to,
				this.messages.getMessage("mail.test.subject", null, locale),
				this.messages.getMessage("mail.test.text", null, locale));
		model.addAttribute("form", shown(form, form.code()));
		model.addAttribute("outcome", outcome);
		model.addAttribute("testTo", to);
		return view(model);
	}

	/** The typed form to show again, with the mail settings in effect when it had none. */
	private SetupForm shown(SetupForm form, String code) {
		SetupForm shown = form.forDisplay(code);
		return (shown.mail() != null) ? shown : shown.withMail(this.mail.current().form());
	}

	/** The page's model besides the form: what the settings are now and what fixes them. */
	private String view(Model model) {
		MailSettingsChanges.Current mail = this.mail.current();
		model.addAttribute("mailFixed", mail.fixed());
		model.addAttribute("mailHasPassword", mail.settings().hasPassword());
		model.addAttribute("tlsModes", Arrays.stream(MailSettings.TlsMode.values()).map(MailSettings.TlsMode::value).toList());
		model.addAttribute("modes", Arrays.stream(RegistrationMode.values()).map(RegistrationMode::value).toList());
		model.addAttribute("runningIssuer", this.settings.runningIssuer());
		model.addAttribute("issuerFixedBy", this.settings.issuerFixedBy().orElse(null));
		return VIEW;
	}

	/** The form again, with the errors of its fields ({@code result}) or, without them, one {@code error}. */
	private String again(Model model, SetupForm shown, BindingResult result, String error) {
		if (result != null) {
			Forms.showAgain(model, shown, result);
		}
		else {
			// The fields are not checked before the code is right: the code's error alone is shown.
			model.addAttribute("form", shown);
		}
		model.addAttribute("error", error);
		return view(model);
	}

	/** The page to show instead of the form: still starting (503), or already set up (404). */
	private Optional<String> unavailable(HttpServletResponse response) {
		if (this.availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(STARTING_RETRY.toSeconds()));
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return Optional.of(STARTING_VIEW);
		}
		return this.firstSuperuser.needed() ? Optional.empty() : Optional.of(done(response));
	}

	private static String done(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return DONE_VIEW;
	}

}
