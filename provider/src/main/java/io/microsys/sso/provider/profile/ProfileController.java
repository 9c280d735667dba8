package io.microsys.sso.provider.profile;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.CurrentPassword;
import io.microsys.sso.provider.account.ProfilePage;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.support.Forms;

/**
 * The person's own profile: who they are, their password, two-step verification, trusted
 * browsers and signed-in devices. Every change is a POST with CSRF; the sensitive ones need the
 * current password, typed in the change's own form (password) or on its confirmation page
 * ({@link ConfirmationController}), where a refused one sends the browser back.
 */
@Controller
class ProfileController {

	private static final Set<String> DONE = Set.of("password-changed", "two-factor-on", "two-factor-off",
			"browsers-forgotten", "session-ended", "sessions-ended", "authenticator-exists", "email-sent", "name-changed");

	/** The refusals a change can redirect with, and the message each one shows. */
	private static final Map<String, String> ERRORS = Map.ofEntries(Map.entry("wrong", "guard.wrong"),
			Map.entry("blocked", "guard.blocked"), Map.entry("session-current", "profile.error.session-current"),
			Map.entry("session-stronger", "profile.error.session-stronger"),
			Map.entry("session-unknown", "profile.error.session-unknown"),
			Map.entry("email-unavailable", "profile.error.email-unavailable"),
			Map.entry("email-same", "profile.error.email-same"));

	private final Accounts accounts;

	private final SignedInDevices devices;

	private final CurrentPassword currentPassword;

	private final Passwords passwords;

	private final ProfileView view;

	private final Names names;

	ProfileController(Accounts accounts, SignedInDevices devices, CurrentPassword currentPassword,
			Passwords passwords, ProfileView view, Names names) {
		this.names = names;
		this.accounts = accounts;
		this.devices = devices;
		this.currentPassword = currentPassword;
		this.passwords = passwords;
		this.view = view;
	}

	@GetMapping("/accounts/profile")
	String profile(@RequestParam(name = "done", required = false) String done,
			@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "in", required = false) String section, Authentication authentication,
			HttpServletRequest request, Model model) {
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		model.addAttribute("error", (error != null) ? ERRORS.get(error) : null);
		model.addAttribute("section", (section != null && ProfilePage.SECTIONS.contains(section)) ? section : null);
		return this.view.show((SsoUserDetails) authentication.getPrincipal(), request, model);
	}

	@PostMapping("/accounts/profile/name")
	String changeName(@Valid @ModelAttribute("nameForm") NameForm form, BindingResult result,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, form.forDisplay(), result);
			model.addAttribute("section", ProfilePage.NAME);
			return this.view.show(person, request, model);
		}
		this.names.change(person, form);
		return ProfilePage.done(ProfilePage.NAME, "name-changed");
	}

	@PostMapping("/accounts/profile/password")
	String changePassword(@Valid @ModelAttribute("passwordForm") PasswordChangeForm form, BindingResult result,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		CurrentPassword.Check check = this.currentPassword.check(person, form.currentPassword(), "change_password",
				request);
		if (check != CurrentPassword.Check.OK) {
			return ProfilePage.refused(ProfilePage.PASSWORD, check.code());
		}
		SsoUser user = this.accounts.of(person);
		if (!result.hasErrors()) {
			this.passwords.problem(user, form.newPassword())
				.ifPresent((problem) -> result.rejectValue("newPassword", "password." + problem));
		}
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("section", ProfilePage.PASSWORD);
			return this.view.show(person, request, model);
		}
		this.passwords.change(user.getId(), form.newPassword(), request.getSession().getId());
		return ProfilePage.done(ProfilePage.PASSWORD, "password-changed");
	}

	@PostMapping(ProfilePage.END_SESSION)
	String endSession(@Valid @ModelAttribute EndSessionForm form, BindingResult result, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		if (result.hasFieldErrors("session")) {
			// Not a handle the profile lists: no such session, said on the profile again.
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("section", ProfilePage.DEVICES);
			model.addAttribute("error", ERRORS.get("session-unknown"));
			return this.view.show(person, request, model);
		}
		CurrentPassword.Check check = this.currentPassword.check(person, form.currentPassword(), "end_session",
				request);
		if (check != CurrentPassword.Check.OK) {
			// The handle matched EndSessionForm's pattern, so it goes into the query as it is.
			return ProfilePage.refusedAt(ProfilePage.END_SESSION + "?session=" + form.session(), check.code());
		}
		Optional<String> refused = this.devices.end(person, form.session(), request.getSession().getId(),
				authentication);
		return refused.map((why) -> ProfilePage.refused(ProfilePage.DEVICES, "session-" + why))
			.orElse(ProfilePage.done(ProfilePage.DEVICES, "session-ended"));
	}

	@PostMapping(ProfilePage.END_OTHER_SESSIONS)
	String endOthers(@RequestParam(name = "currentPassword", required = false) String current,
			Authentication authentication, HttpServletRequest request) {
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		CurrentPassword.Check check = this.currentPassword.check(person, current, "end_other_sessions", request);
		if (check != CurrentPassword.Check.OK) {
			return ProfilePage.refusedAt(ProfilePage.END_OTHER_SESSIONS, check.code());
		}
		this.devices.endOthers(person, request.getSession().getId(), authentication);
		return ProfilePage.done(ProfilePage.DEVICES, "sessions-ended");
	}

}
