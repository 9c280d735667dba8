package io.microsys.sso.provider.setup;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.support.Forms;

/**
 * First-launch setup: creates the first superuser for whoever holds the one-time setup code from
 * the log, then says "already set up" (404) for good. Until start-up is complete (signing keys,
 * bootstrap file, administrator from the environment, the code) it answers 503.
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

	SetupController(FirstSuperuser firstSuperuser, SetupCode setupCode, ApplicationAvailability availability,
			Clock clock) {
		this.firstSuperuser = firstSuperuser;
		this.setupCode = setupCode;
		this.availability = availability;
		this.clock = clock;
	}

	@GetMapping
	String form(Model model, HttpServletResponse response) {
		Optional<String> unavailable = unavailable(response);
		if (unavailable.isPresent()) {
			return unavailable.get();
		}
		model.addAttribute("form", SetupForm.empty());
		return VIEW;
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
			return again(model, form.forDisplay(""), null, "setup.error.throttled");
		}
		if (!check.accepted()) {
			logger.warn("A wrong setup code was entered on /sys/setup from {}", ClientAddress.of(request));
			response.setStatus(HttpStatus.FORBIDDEN.value());
			return again(model, form.forDisplay(""), null, "setup.error.code");
		}
		if (!result.hasFieldErrors("username")) {
			this.firstSuperuser.usernameProblem(form.username().trim())
				.ifPresent((problem) -> result.rejectValue("username", problem));
		}
		if (!result.hasErrors()) {
			try {
				this.firstSuperuser.create(form.username().trim(), form.email().trim(), form.password(), false)
					.ifPresent((problem) -> result.rejectValue("password", "password." + problem));
			}
			catch (IllegalStateException ex) {
				return done(response);
			}
		}
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return again(model, form.forDisplay(form.code()), result, null);
		}
		return "redirect:/accounts/login?setup";
	}

	/** The form again, with the errors of its fields ({@code result}) or, without them, one {@code error}. */
	private static String again(Model model, SetupForm shown, BindingResult result, String error) {
		if (result != null) {
			Forms.showAgain(model, shown, result);
		}
		else {
			// The fields are not checked before the code is right: the code's error alone is shown.
			model.addAttribute("form", shown);
		}
		model.addAttribute("error", error);
		return VIEW;
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
