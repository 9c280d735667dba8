package io.microsys.sso.provider.profile;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.twofactor.BackupCodes;
import io.microsys.sso.provider.twofactor.EmailCodes;
import io.microsys.sso.provider.twofactor.TotpStore;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * What the profile page shows, for the page itself and for a profile form shown again with its
 * errors (password change, email change).
 */
@Component
class ProfileView {

	static final String VIEW = "profile/profile";

	private final Accounts accounts;

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final BackupCodes backupCodes;

	private final TrustedBrowsers trustedBrowsers;

	private final SignedInDevices devices;

	private final Mailer mailer;

	ProfileView(Accounts accounts, TotpStore totp, EmailCodes emailCodes, BackupCodes backupCodes,
			TrustedBrowsers trustedBrowsers, SignedInDevices devices, Mailer mailer) {
		this.accounts = accounts;
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.backupCodes = backupCodes;
		this.trustedBrowsers = trustedBrowsers;
		this.devices = devices;
		this.mailer = mailer;
	}

	/** Fills the model for {@code person}'s profile (forms not in it yet start empty); returns the view. */
	String show(SsoUserDetails person, HttpServletRequest request, Model model) {
		long id = person.getUserId();
		model.addAttribute("user", this.accounts.of(person));
		model.addAttribute("authenticator", this.totp.isEnrolled(id));
		model.addAttribute("emailOffered", this.emailCodes.isOffered() && this.mailer.isAvailable());
		model.addAttribute("emailCodes", this.emailCodes.isEnabled(id));
		model.addAttribute("backupCodes", this.backupCodes.remaining(id));
		model.addAttribute("trustedBrowsers", this.trustedBrowsers.count(id));
		model.addAttribute("devices", this.devices.list(person.getUsername(), request.getSession().getId()));
		if (!model.containsAttribute("passwordForm")) {
			model.addAttribute("passwordForm", PasswordChangeForm.empty());
		}
		if (!model.containsAttribute("nameForm")) {
			SsoUser user = (SsoUser) model.getAttribute("user");
			model.addAttribute("nameForm", new NameForm(user.getFirstName(), user.getLastName()));
		}
		if (!model.containsAttribute("emailForm")) {
			model.addAttribute("emailForm", new EmailChangeForm(null, null));
		}
		return VIEW;
	}

}
