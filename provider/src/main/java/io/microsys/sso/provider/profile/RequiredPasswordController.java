package io.microsys.sso.provider.profile;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.session.SignInCompletion;

/**
 * The page a person signed in with a temporary password (set by staff) sees before anything else:
 * they choose their own, then continue where they were going. Only such a sign-in reaches it
 * (the application chain's rule); until then no other page and no app lets them in.
 */
@Controller
class RequiredPasswordController {

	static final String VIEW = "profile/new-password";

	private final Accounts accounts;

	private final Passwords passwords;

	private final SignInCompletion completion;

	RequiredPasswordController(Accounts accounts, Passwords passwords, SignInCompletion completion) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.completion = completion;
	}

	@GetMapping(SignInCompletion.NEW_PASSWORD_PATH)
	String form(@ModelAttribute("form") RequiredPasswordForm form) {
		return VIEW;
	}

	@PostMapping(SignInCompletion.NEW_PASSWORD_PATH)
	String choose(@Valid @ModelAttribute("form") RequiredPasswordForm form, BindingResult result,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		SsoUser user = this.accounts.of((SsoUserDetails) authentication.getPrincipal());
		if (!result.hasFieldErrors("newPassword")) {
			this.passwords.problem(user, form.newPassword())
				.ifPresent((problem) -> result.rejectValue("newPassword", "password." + problem));
		}
		if (!result.hasFieldErrors("newPassword") && this.passwords.isCurrent(user, form.newPassword())) {
			result.rejectValue("newPassword", "password.same-as-temporary");
		}
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return VIEW;
		}
		this.passwords.change(user.getId(), form.newPassword(), request.getSession().getId());
		Authentication changed = SignIn.withNewPassword(authentication);
		this.completion.replace(request, response, changed);
		this.completion.proceed(request, response, changed);
		return null;
	}

}
