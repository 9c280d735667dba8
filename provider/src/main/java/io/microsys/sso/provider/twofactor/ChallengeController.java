package io.microsys.sso.provider.twofactor;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
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

	private final SecondFactors secondFactors;

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final TrustedBrowsers trustedBrowsers;

	private final SignInCompletion completion;

	private final Accounts accounts;

	private final Mailer mailer;

	private final AuditService audit;

	private final java.time.Clock clock;

	ChallengeController(SecondFactors secondFactors, TotpStore totp, EmailCodes emailCodes,
			TrustedBrowsers trustedBrowsers, SignInCompletion completion, Accounts accounts,
			Mailer mailer, AuditService audit, java.time.Clock clock) {
		this.secondFactors = secondFactors;
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.trustedBrowsers = trustedBrowsers;
		this.completion = completion;
		this.accounts = accounts;
		this.mailer = mailer;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping(SignInCompletion.CHALLENGE_PATH)
	String challenge(@RequestParam(name = "wait", required = false) String wait, Authentication authentication,
			Model model, HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		if (SignIn.isComplete(authentication)) {
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
	String verify(@RequestParam(name = "code", required = false) String code,
			@RequestParam(name = "trust", required = false) String trust, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		if (SignIn.isComplete(authentication)) {
			return "redirect:/";
		}
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		SecondFactors.Check check = this.secondFactors.check(person.getUsername(), person.getUserId(), code, true,
				ClientAddress.of(request));
		if (check.block().isPresent()) {
			this.audit.event(AuditEventType.SECOND_FACTOR_THROTTLED)
				.user(person.getUsername(), person.getLoginName())
				.reason(check.block().get().reason())
				.detail("blocked until " + check.block().get().until())
				.record();
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?error=throttled";
		}
		Optional<SignIn.Factor> factor = check.factor();
		if (factor.isEmpty()) {
			this.audit.event(AuditEventType.SECOND_FACTOR_FAILED)
				.user(person.getUsername(), person.getLoginName())
				.reason("wrong_code")
				.record();
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?error";
		}
		this.audit.event(AuditEventType.SECOND_FACTOR_SUCCEEDED)
			.user(person.getUsername(), person.getLoginName())
			.reason(factor.get().code())
			.record();
		if ("true".equals(trust)) {
			this.trustedBrowsers.trust(person.getUserId(), request, response);
			this.audit.event(AuditEventType.TRUSTED_BROWSER_ADDED)
				.user(person.getUsername(), person.getLoginName())
				.record();
		}
		this.completion.completed(request, response,
				SignIn.completedWith(authentication, factor.get(), this.clock.instant()));
		return null;
	}

	@PostMapping(SignInCompletion.CHALLENGE_PATH + "/email")
	String sendEmailCode(Authentication authentication) {
		if (SignIn.isComplete(authentication)) {
			return "redirect:/";
		}
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		if (!this.emailCodes.isEnabled(person.getUserId()) || !this.mailer.isAvailable()) {
			return "redirect:" + SignInCompletion.CHALLENGE_PATH;
		}
		EmailCodes.Issued issued = this.emailCodes.issue(person.getUserId());
		if (issued.code().isEmpty()) {
			long seconds = Math.max(1, Duration.between(this.clock.instant(), issued.nextAllowed()).toSeconds());
			return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?wait=" + seconds;
		}
		SsoUser user = this.accounts.of(person);
		this.mailer.send(user.getEmail(), user.getLanguage(), "email-code",
				Map.of("name", user.getDisplayName(), "code", issued.code().get(), "minutes",
						this.emailCodes.ttl().toMinutes()),
				this.emailCodes.ttl());
		this.audit.event(AuditEventType.EMAIL_CODE_SENT).user(person.getUsername(), person.getLoginName()).record();
		return "redirect:" + SignInCompletion.CHALLENGE_PATH + "?sent";
	}

}
