package io.microsys.sso.provider.twofactor;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.CurrentPassword;
import io.microsys.sso.provider.account.ProfilePage;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.session.SignInCompletion;
import io.microsys.sso.provider.support.Forms;

/**
 * Two-step verification on the profile: setting up an authenticator app (QR code drawn here, and
 * the key to type in, confirmed by a first code), email codes when offered, backup codes, turning
 * it all off, and forgetting trusted browsers. Removing protection or seeing new backup codes
 * needs the current password, typed on the action's own confirmation page (profile/confirm), where a
 * refusal sends the browser back.
 */
@Controller
class TwoFactorSettingsController {

	static final String SETUP_VIEW = "twofactor/authenticator";

	static final String CODES_VIEW = "twofactor/backup-codes";

	private static final String ISSUER_LABEL = "Microsys SSO";

	private final TotpStore totp;

	private final BackupCodes backupCodes;

	private final EmailCodes emailCodes;

	private final SecondFactors secondFactors;

	private final TrustedBrowsers trustedBrowsers;

	private final CurrentPassword currentPassword;

	private final SignInCompletion completion;

	private final Mailer mailer;

	private final TwoFactorChanges changes;

	private final java.time.Clock clock;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	TwoFactorSettingsController(TotpStore totp, BackupCodes backupCodes, EmailCodes emailCodes,
			SecondFactors secondFactors, TrustedBrowsers trustedBrowsers, CurrentPassword currentPassword,
			SignInCompletion completion, Mailer mailer, TwoFactorChanges changes, java.time.Clock clock) {
		this.totp = totp;
		this.backupCodes = backupCodes;
		this.emailCodes = emailCodes;
		this.secondFactors = secondFactors;
		this.trustedBrowsers = trustedBrowsers;
		this.currentPassword = currentPassword;
		this.completion = completion;
		this.mailer = mailer;
		this.changes = changes;
		this.clock = clock;
	}

	@GetMapping(SecondFactors.ENROLMENT_PATH)
	String setup(Authentication authentication, Model model) {
		SsoUserDetails person = person(authentication);
		if (this.totp.isEnrolled(person.getUserId())) {
			return ProfilePage.done(ProfilePage.TWO_FACTOR, "authenticator-exists");
		}
		TotpEnrolment enrolment = this.totp.pending(person.getUserId(), ISSUER_LABEL, person.getLoginName());
		model.addAttribute("key", grouped(enrolment.key()));
		model.addAttribute("qr", QrCode.svg(enrolment.uri(), 220));
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", AuthenticatorCodeForm.empty());
		}
		return SETUP_VIEW;
	}

	@PostMapping(SecondFactors.ENROLMENT_PATH)
	String confirm(@Valid @ModelAttribute("form") AuthenticatorCodeForm form, BindingResult result,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = person(authentication);
		if (result.hasErrors()) {
			Forms.showAgain(model, AuthenticatorCodeForm.empty(), result);
			String view = setup(authentication, model);
			if (SETUP_VIEW.equals(view)) {
				response.setStatus(HttpStatus.BAD_REQUEST.value());
			}
			return view;
		}
		if (!this.changes.confirmAuthenticator(person, form.digits())) {
			return "redirect:" + SecondFactors.ENROLMENT_PATH + "?error";
		}
		// The first code proves the app: this sign-in now has a second factor too.
		Authentication upgraded = SignIn.completedWith(authentication, SignIn.Factor.TOTP, this.clock.instant());
		this.completion.replace(request, response, upgraded);
		return showNewCodesIfNone(person, request, response, model);
	}

	/** Throws away the key not yet confirmed and shows a new one (a lost phone, a key scanned wrongly). */
	@PostMapping(SecondFactors.ENROLMENT_PATH + "/new-key")
	String newKey(Authentication authentication) {
		SsoUserDetails person = person(authentication);
		if (this.totp.isEnrolled(person.getUserId())) {
			return ProfilePage.done(ProfilePage.TWO_FACTOR, "authenticator-exists");
		}
		this.totp.start(person.getUserId(), ISSUER_LABEL, person.getLoginName());
		return "redirect:" + SecondFactors.ENROLMENT_PATH + "?newKey";
	}

	@PostMapping(ProfilePage.ENABLE_EMAIL_CODES)
	String enableEmailCodes(@RequestParam(name = "currentPassword", required = false) String password,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = person(authentication);
		if (!this.emailCodes.isOffered() || !this.mailer.isAvailable()) {
			return "redirect:/accounts/profile";
		}
		CurrentPassword.Check check = this.currentPassword.check(person, password, "enable_email_codes", request);
		if (check != CurrentPassword.Check.OK) {
			return ProfilePage.refusedAt(ProfilePage.ENABLE_EMAIL_CODES, check.code());
		}
		this.changes.enableEmailCodes(person);
		return showNewCodesIfNone(person, request, response, model);
	}

	private String showNewCodesIfNone(SsoUserDetails person, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		if (this.backupCodes.remaining(person.getUserId()) > 0) {
			return ProfilePage.done(ProfilePage.TWO_FACTOR, "two-factor-on");
		}
		return showCodes(person, request, response, model);
	}

	@PostMapping(ProfilePage.NEW_BACKUP_CODES)
	String regenerate(@RequestParam(name = "currentPassword", required = false) String password,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		SsoUserDetails person = person(authentication);
		if (!this.secondFactors.isEnrolled(person.getUserId())) {
			return "redirect:/accounts/profile";
		}
		CurrentPassword.Check check = this.currentPassword.check(person, password, "regenerate_backup_codes", request);
		if (check != CurrentPassword.Check.OK) {
			return ProfilePage.refusedAt(ProfilePage.NEW_BACKUP_CODES, check.code());
		}
		return showCodes(person, request, response, model);
	}

	private String showCodes(SsoUserDetails person, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		List<String> codes = this.changes.newBackupCodes(person);
		model.addAttribute("codes", codes);
		model.addAttribute("continueToApp", this.requestCache.getRequest(request, response) != null);
		response.setHeader("Cache-Control", "no-store");
		return CODES_VIEW;
	}

	/** After the codes were shown during a sign-in an app asked for: on to that app. */
	@PostMapping("/accounts/profile/two-factor/continue")
	void continueToApp(Authentication authentication, HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		this.completion.proceed(request, response, authentication);
	}

	@PostMapping(ProfilePage.DISABLE_TWO_FACTOR)
	String disable(@RequestParam(name = "currentPassword", required = false) String password,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		SsoUserDetails person = person(authentication);
		CurrentPassword.Check check = this.currentPassword.check(person, password, "disable_two_factor", request);
		if (check != CurrentPassword.Check.OK) {
			return ProfilePage.refusedAt(ProfilePage.DISABLE_TWO_FACTOR, check.code());
		}
		this.changes.disable(person);
		this.trustedBrowsers.clearCookie(request, response);
		return ProfilePage.done(ProfilePage.TWO_FACTOR, "two-factor-off");
	}

	@PostMapping("/accounts/profile/trusted-browsers/forget")
	String forgetBrowsers(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		SsoUserDetails person = person(authentication);
		this.changes.forgetBrowsers(person);
		this.trustedBrowsers.clearCookie(request, response);
		return ProfilePage.done(ProfilePage.TRUSTED_BROWSERS, "browsers-forgotten");
	}

	private static SsoUserDetails person(Authentication authentication) {
		return (SsoUserDetails) authentication.getPrincipal();
	}

	/** The key in groups of four, as authenticator apps show it. */
	static String grouped(String key) {
		return String.join(" ", key.split("(?<=\\G.{4})"));
	}

}
