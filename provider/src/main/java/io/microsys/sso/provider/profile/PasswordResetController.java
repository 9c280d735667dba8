package io.microsys.sso.provider.profile;

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
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.twofactor.SecondFactors;
import io.microsys.sso.provider.twofactor.TotpStore;

/**
 * Self-service password reset. Asking always shows the same "check your email" page, after the
 * same time, whether or not the address (or username) belongs to anyone: the account is looked up
 * after the answer ({@link PasswordResets}). The owner gets a single-use link valid for 30 minutes. Following it sets a new password (per the policy); a person with an authenticator app
 * also types one of its codes (or a backup code), so a reset never gets around the second factor.
 * Afterwards every session has ended and the person signs in again, second factor included.
 * Without a mail server the pages say that reset is not available (and sign-in hides its link).
 */
@Controller
class PasswordResetController {

	static final String REQUEST_VIEW = "profile/reset-request";

	static final String SENT_VIEW = "profile/reset-sent";

	static final String FORM_VIEW = "profile/reset-form";

	static final String INVALID_VIEW = "profile/reset-invalid";

	private final LinkTokens links;

	private final Passwords passwords;

	private final TotpStore totp;

	private final Mailer mailer;

	private final PasswordResets resets;

	PasswordResetController(LinkTokens links, Passwords passwords, TotpStore totp, Mailer mailer,
			PasswordResets resets) {
		this.resets = resets;
		this.links = links;
		this.passwords = passwords;
		this.totp = totp;
		this.mailer = mailer;
	}

	@GetMapping("/accounts/password/reset")
	String request(@RequestParam(name = "error", required = false) String error, Model model) {
		model.addAttribute("available", this.mailer.isAvailable());
		model.addAttribute("loginError", error != null);
		return REQUEST_VIEW;
	}

	@PostMapping("/accounts/password/reset")
	String send(@Valid @ModelAttribute ResetRequestForm form, BindingResult result, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		if (!this.mailer.isAvailable()) {
			model.addAttribute("available", false);
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return REQUEST_VIEW;
		}
		if (result.hasErrors()) {
			return "redirect:/accounts/password/reset?error";
		}
		if (!this.resets.request(form.typed(), ClientAddress.of(request))) {
			model.addAttribute("available", true);
			model.addAttribute("busy", true);
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return REQUEST_VIEW;
		}
		return "redirect:/accounts/password/reset/sent";
	}

	@GetMapping("/accounts/password/reset/sent")
	String sent(Model model) {
		if (!this.mailer.isAvailable()) {
			model.addAttribute("available", false);
			return REQUEST_VIEW;
		}
		return SENT_VIEW;
	}

	@GetMapping("/accounts/password/reset/{token}")
	String form(@PathVariable String token, Model model, HttpServletResponse response) {
		Optional<SsoUser> user = this.resets.holder(token);
		if (user.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		model.addAttribute("token", token);
		model.addAttribute("needsCode", this.totp.isEnrolled(user.get().getId()));
		model.addAttribute("form", new NewPasswordForm(null, null, null));
		return FORM_VIEW;
	}

	@PostMapping("/accounts/password/reset/{token}")
	String reset(@PathVariable String token, @Valid @ModelAttribute("form") NewPasswordForm form,
			BindingResult result, HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<SsoUser> found = this.resets.holder(token);
		if (found.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		SsoUser user = found.get();
		boolean needsCode = this.totp.isEnrolled(user.getId());
		model.addAttribute("token", token);
		model.addAttribute("needsCode", needsCode);
		if (!result.hasErrors()) {
			this.passwords.problem(user, form.newPassword())
				.ifPresent((problem) -> result.rejectValue("newPassword", "password." + problem));
		}
		if (result.hasErrors()) {
			return badRequest(response);
		}
		if (needsCode) {
			SecondFactors.Check check = this.resets.checkCode(user, form.code(), ClientAddress.of(request));
			if (check.block().isPresent()) {
				model.addAttribute("error", "challenge.throttled");
				return badRequest(response);
			}
			if (check.factor().isEmpty()) {
				result.rejectValue("code", "challenge.wrong");
				return badRequest(response);
			}
		}
		if (this.links.use(LinkTokens.Purpose.PASSWORD_RESET, token).isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		this.passwords.reset(user.getId(), form.newPassword());
		return "redirect:/accounts/login?reset";
	}

	private static String badRequest(HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return FORM_VIEW;
	}

}
