package io.microsys.sso.provider.profile;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.CurrentPassword;
import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.ProfilePage;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * Changing the email address: asked for on the profile with the current password, confirmed from
 * the link sent to the new address (whoever follows it sees the address and confirms with a
 * button, so a mail scanner opening links changes nothing); the old address is told.
 */
@Controller
class EmailChangeController {

	static final String CONFIRM_VIEW = "profile/email-confirm";

	static final String INVALID_VIEW = "profile/email-invalid";

	static final String DONE_VIEW = "profile/email-changed";

	/** A plausible address, short enough for the column; the link proves it works. */
	private final Accounts accounts;

	private final EmailChanges changes;

	private final CurrentPassword currentPassword;

	private final Mailer mailer;

	private final LoginThrottle throttle;

	private final ProfileView view;

	EmailChangeController(Accounts accounts, EmailChanges changes, CurrentPassword currentPassword, Mailer mailer,
			LoginThrottle throttle, ProfileView view) {
		this.view = view;
		this.throttle = throttle;
		this.accounts = accounts;
		this.changes = changes;
		this.currentPassword = currentPassword;
		this.mailer = mailer;
	}

	@PostMapping("/accounts/profile/email")
	String request(@Valid @ModelAttribute("emailForm") EmailChangeForm form, BindingResult result,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, form.forDisplay(), result);
			model.addAttribute("section", ProfilePage.EMAIL);
			return this.view.show(person, request, model);
		}
		String email = form.newEmail().trim();
		if (!this.mailer.isAvailable()) {
			return ProfilePage.refused(ProfilePage.EMAIL, "email-unavailable");
		}
		CurrentPassword.Check check = this.currentPassword.check(person, form.currentPassword(), "change_email", request);
		if (check != CurrentPassword.Check.OK) {
			return ProfilePage.refused(ProfilePage.EMAIL, check.code());
		}
		SsoUser user = this.accounts.of(person);
		if (email.equalsIgnoreCase(user.getEmail())) {
			return ProfilePage.refused(ProfilePage.EMAIL, "email-same");
		}
		if (!this.throttle.mayMail(ClientAddress.of(request))) {
			return ProfilePage.refused(ProfilePage.EMAIL, "blocked");
		}
		// Whether the address is taken is not said here (it would tell who has an account); the
		// confirmation fails then.
		this.changes.request(user, email);
		return ProfilePage.done(ProfilePage.EMAIL, "email-sent");
	}

	@GetMapping("/accounts/email/confirm/{token}")
	String confirmPage(@PathVariable String token, Model model, HttpServletResponse response) {
		Optional<LinkTokens.Link> pending = this.changes.find(token);
		if (pending.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		model.addAttribute("token", token);
		model.addAttribute("email", pending.get().payload());
		return CONFIRM_VIEW;
	}

	@PostMapping("/accounts/email/confirm/{token}")
	String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
		Optional<EmailChanges.Changed> changed = this.changes.confirm(token);
		if (changed.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return INVALID_VIEW;
		}
		SsoUser user = changed.get().user();
		model.addAttribute("email", user.getEmail());
		return DONE_VIEW;
	}

}
