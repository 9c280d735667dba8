package io.microsys.sso.provider.twofactor;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.session.SignInCompletion;
import io.microsys.sso.provider.support.ClientAddress;

/**
 * The second step of a sign-in: one field that takes a code from the authenticator app, a code
 * asked for by email, or a backup code. Wrong codes are throttled like wrong passwords (per person
 * and per address, in the database). "Trust this browser" skips this step here for a while.
 */
@Controller
class ChallengeController {

	static final String VIEW = "twofactor/challenge";

	private final Challenges challenges;

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final SignInCompletion completion;

	private final Mailer mailer;

	private final java.time.Clock clock;

	ChallengeController(Challenges challenges, TotpStore totp, EmailCodes emailCodes, SignInCompletion completion,
			Mailer mailer, java.time.Clock clock) {
		this.challenges = challenges;
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.completion = completion;
		this.mailer = mailer;
		this.clock = clock;
	}

	@GetMapping(SignInCompletion.CHALLENGE_PATH)
	String challenge(@RequestParam(name = "wait", required = false) String wait, Authentication authentication,
			Model model, HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		if (!SignIn.awaitsSecondFactor(authentication)) {
			return "redirect:/";
		}
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		boolean authenticator = this.totp.isEnrolled(person.getUserId());
		boolean emailCodes = this.emailCodes.isEnabled(person.getUserId());
		if (!authenticator && !emailCodes) {
			// Two-step verification was turned off since the password was given: it is all they need.
			this.completion.completed(request, response, SignIn.completedWith(authentication, null, this.clock.instant()));
			return null;
		}
		model.addAttribute("wait", (wait != null && wait.matches("\\d{1,3}")) ? Integer.valueOf(wait) : null);
		model.addAttribute("authenticator", authenticator);
		model.addAttribute("emailCodes", emailCodes && this.mailer.isAvailable());
		return VIEW;
	}

	@PostMapping(SignInCompletion.CHALLENGE_PATH)
	String verify(@Valid @ModelAttribute ChallengeForm form, BindingResult result, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		if (!SignIn.awaitsSecondFactor(authentication)) {
			return "redirect:/";
		}
		if (result.hasErrors()) {
			// Nothing that could be a code: the challenge again, as for a wrong one.
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?error";
		}
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		SecondFactors.Check check = this.challenges.check(person, form.code(), ClientAddress.of(request));
		if (check.block().isPresent()) {
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?error=throttled";
		}
		Optional<SignIn.Factor> factor = check.factor();
		if (factor.isEmpty()) {
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?error";
		}
		if (form.trusted()) {
			this.challenges.trust(person, request, response);
		}
		this.completion.completed(request, response,
				SignIn.completedWith(authentication, factor.get(), this.clock.instant()));
		return null;
	}

	@PostMapping(SignInCompletion.CHALLENGE_PATH + "/email")
	String sendEmailCode(Authentication authentication) {
		if (!SignIn.awaitsSecondFactor(authentication)) {
			return "redirect:/";
		}
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		if (!this.emailCodes.isEnabled(person.getUserId()) || !this.mailer.isAvailable()) {
			return "redirect:" + SignInCompletion.CHALLENGE_PATH;
		}
		EmailCodes.Issued issued = this.challenges.mailCode(person);
		if (issued.code().isEmpty()) {
			long seconds = Math.max(1, Duration.between(this.clock.instant(), issued.nextAllowed()).toSeconds());
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?wait=" + seconds;
		}
		return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?sent";
	}

}
