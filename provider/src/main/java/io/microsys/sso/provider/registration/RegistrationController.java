package io.microsys.sso.provider.registration;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.RequestContextUtils;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.session.SignInCompletion;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * The public sign-up pages ({@code /accounts/register…}), all 404 while registration is off. The
 * form asks for a name, an email address, a password (per the policy) and optionally a username;
 * a field people do not see catches robots; each address may sign up a limited number of times.
 * Whatever the address, the next page is "check your email". The link in that email leads to a
 * page whose button (a POST, so a mail scanner opening links confirms nothing) confirms the address.
 */
@Controller
@RequestMapping("/accounts/register")
class RegistrationController {

	static final String FORM_VIEW = "registration/register";

	static final String SENT_VIEW = "registration/sent";

	static final String CONFIRM_VIEW = "registration/confirm";

	static final String INVALID_VIEW = "registration/invalid";

	static final String WAITING_VIEW = "registration/waiting";

	private final RuntimeSettings settings;

	private final Registrations registrations;

	private final SignInCompletion signIn;

	private final Clock clock;

	RegistrationController(RuntimeSettings settings, Registrations registrations, SignInCompletion signIn,
			Clock clock) {
		this.settings = settings;
		this.registrations = registrations;
		this.signIn = signIn;
		this.clock = clock;
	}

	@GetMapping
	String form(Model model) {
		requireEnabled();
		model.addAttribute("form", SignUpForm.empty());
		return FORM_VIEW;
	}

	@PostMapping
	String register(@Valid @ModelAttribute("form") SignUpForm form, BindingResult result, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		requireEnabled();
		if (form.isRobot()) {
			this.registrations.robotRefused(form.email());
			return "redirect:/accounts/register/sent";
		}
		if (!this.registrations.mayRegister(form.email(), ClientAddress.of(request))) {
			return again(form, result, "register.error.throttled", HttpStatus.TOO_MANY_REQUESTS, model, response);
		}
		if (result.hasErrors()) {
			return again(form, result, null, HttpStatus.BAD_REQUEST, model, response);
		}
		Language language = Language.of(RequestContextUtils.getLocale(request));
		return switch (this.registrations.register(form.applicant(language.code()))) {
			case USERNAME_TAKEN -> {
				result.rejectValue("username", "register.error.username-taken");
				yield again(form, result, null, HttpStatus.BAD_REQUEST, model, response);
			}
			case BUSY -> again(form, result, "register.error.busy", HttpStatus.SERVICE_UNAVAILABLE, model, response);
			case ACCEPTED -> "redirect:/accounts/register/sent";
		};
	}

	private static String again(SignUpForm form, BindingResult result, String error, HttpStatus status, Model model,
			HttpServletResponse response) {
		Forms.showAgain(model, form.forDisplay(), result);
		model.addAttribute("error", error);
		response.setStatus(status.value());
		return FORM_VIEW;
	}

	@GetMapping("/sent")
	String sent() {
		requireEnabled();
		return SENT_VIEW;
	}

	@GetMapping("/verify/{token}")
	String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
		requireEnabled();
		Optional<SsoUser> user = this.registrations.pending(token);
		if (user.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		model.addAttribute("token", token);
		model.addAttribute("email", user.get().getEmail());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", ConfirmForm.empty());
		}
		return CONFIRM_VIEW;
	}

	@PostMapping("/verify/{token}")
	String verify(@PathVariable String token, @Valid @ModelAttribute("form") ConfirmForm form, BindingResult result,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		RegistrationMode mode = requireEnabled();
		if (result.hasErrors()) {
			Forms.showAgain(model, ConfirmForm.empty(), result);
			String view = confirm(token, model, response);
			if (CONFIRM_VIEW.equals(view)) {
				response.setStatus(HttpStatus.BAD_REQUEST.value());
			}
			return view;
		}
		Registrations.Verified verified = this.registrations.verify(token, form.password(), mode,
				ClientAddress.of(request));
		if (verified.outcome() == Registrations.Verification.INVALID) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		if (verified.outcome() != Registrations.Verification.VERIFIED) {
			String view = confirm(token, model, response);
			return CONFIRM_VIEW.equals(view) ? refused(verified.outcome(), model, response) : view;
		}
		if (mode == RegistrationMode.AUTO_LOGIN_AFTER_VERIFY) {
			SsoUser user = verified.user();
			this.signIn.signInNewAccount(request, response, user, this.clock.instant(), "email_verified");
			return "redirect:/?welcome";
		}
		return "redirect:/accounts/register/verified";
	}

	private static String refused(Registrations.Verification outcome, Model model, HttpServletResponse response) {
		boolean throttled = outcome == Registrations.Verification.THROTTLED;
		model.addAttribute("error", throttled ? "login.throttled" : "register.confirm.wrong");
		response.setStatus(throttled ? HttpStatus.TOO_MANY_REQUESTS.value() : HttpStatus.BAD_REQUEST.value());
		return CONFIRM_VIEW;
	}

	@GetMapping("/verified")
	String waiting() {
		requireEnabled();
		return WAITING_VIEW;
	}

	@PostMapping("/resend")
	String resend(@Valid @ModelAttribute ResendForm form, BindingResult result, HttpServletRequest request) {
		requireEnabled();
		// Whatever was typed, the same answer: the page tells nobody which addresses signed up.
		if (!result.hasErrors()) {
			this.registrations.resend(form.address(), ClientAddress.of(request));
		}
		return "redirect:/accounts/register/sent";
	}

	/** The activation mode; a 404 while registration is off (or has no mail server). */
	private RegistrationMode requireEnabled() {
		return this.settings.openRegistration().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

}
