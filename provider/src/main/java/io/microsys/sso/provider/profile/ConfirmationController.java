package io.microsys.sso.provider.profile;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.ProfilePage;
import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * The confirmation page of each sensitive profile action: a GET on the action's path says what
 * will happen and asks for the current password once, in a form that posts to the same path. A
 * refused password comes back here with {@code error}. An action not open to the person now goes
 * back to the profile; a session that is not one of their other live sessions is a 404, the same
 * for every reason.
 */
@Controller
class ConfirmationController {

	static final String VIEW = "profile/confirm";

	/** The password refusals an action's POST comes back with, and the message each one shows. */
	private static final Map<String, String> REFUSALS = Map.of("wrong", "guard.wrong", "blocked", "guard.blocked");

	private final Confirmations confirmations;

	ConfirmationController(Confirmations confirmations) {
		this.confirmations = confirmations;
	}

	@GetMapping(ProfilePage.ENABLE_EMAIL_CODES)
	String enableEmailCodes(@RequestParam(name = "error", required = false) String error,
			Authentication authentication, Model model) {
		return show(this.confirmations.enableEmailCodes(person(authentication)), ProfilePage.TWO_FACTOR, error, model);
	}

	@GetMapping(ProfilePage.NEW_BACKUP_CODES)
	String newBackupCodes(@RequestParam(name = "error", required = false) String error, Authentication authentication,
			Model model) {
		return show(this.confirmations.newBackupCodes(person(authentication)), ProfilePage.TWO_FACTOR, error, model);
	}

	@GetMapping(ProfilePage.DISABLE_TWO_FACTOR)
	String disableTwoFactor(@RequestParam(name = "error", required = false) String error,
			Authentication authentication, Model model) {
		return show(this.confirmations.disableTwoFactor(person(authentication)), ProfilePage.TWO_FACTOR, error, model);
	}

	@GetMapping(ProfilePage.END_SESSION)
	String endSession(@RequestParam(name = "session", required = false) String handle,
			@RequestParam(name = "error", required = false) String error, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<Confirmation> confirmation = this.confirmations.endSession(person(authentication), handle,
				request.getSession().getId());
		if (confirmation.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return VIEW;
		}
		return show(confirmation, ProfilePage.DEVICES, error, model);
	}

	@GetMapping(ProfilePage.END_OTHER_SESSIONS)
	String endOtherSessions(@RequestParam(name = "error", required = false) String error,
			Authentication authentication, HttpServletRequest request, Model model) {
		return show(this.confirmations.endOtherSessions(person(authentication), request.getSession().getId()),
				ProfilePage.DEVICES, error, model);
	}

	private static String show(Optional<Confirmation> confirmation, String section, String error, Model model) {
		if (confirmation.isEmpty()) {
			// A refusal still says why, on the profile, when the action is no longer open.
			return (error != null && REFUSALS.containsKey(error)) ? ProfilePage.refused(section, error)
					: "redirect:/accounts/profile#" + section;
		}
		model.addAttribute("confirmation", confirmation.get());
		model.addAttribute("error", (error != null) ? REFUSALS.get(error) : null);
		return VIEW;
	}

	private static SsoUserDetails person(Authentication authentication) {
		return (SsoUserDetails) authentication.getPrincipal();
	}

}
