package io.microsys.sso.provider.account;

import java.util.Set;

/**
 * Where the profile's forms send the browser back to: the profile, scrolled to the section whose
 * form was sent, with its outcome shown beside that form (a message at the top of this long page
 * would be off screen).
 */
public final class ProfilePage {

	/** The sections with a form of their own, as their anchors on the page. */
	public static final String TWO_FACTOR = "two-factor", TRUSTED_BROWSERS = "trusted-browsers", EMAIL = "email",
			PASSWORD = "password", DEVICES = "devices", NAME = "name";

	public static final Set<String> SECTIONS = Set.of(TWO_FACTOR, TRUSTED_BROWSERS, EMAIL, PASSWORD, DEVICES, NAME);

	/**
	 * The actions that each need the current password once: a GET shows what will happen with one
	 * password field, which posts to the same path.
	 */
	public static final String ENABLE_EMAIL_CODES = "/accounts/profile/two-factor/email",
			NEW_BACKUP_CODES = "/accounts/profile/two-factor/backup-codes",
			DISABLE_TWO_FACTOR = "/accounts/profile/two-factor/disable", END_SESSION = "/accounts/profile/sessions/end",
			END_OTHER_SESSIONS = "/accounts/profile/sessions/end-others";

	private ProfilePage() {
	}

	/** Back to the profile with a refusal ({@code error} code) shown in {@code section}. */
	public static String refused(String section, String error) {
		return "redirect:/accounts/profile?error=" + error + "&in=" + section + "#" + section;
	}

	/**
	 * Back to the confirmation page of the action at {@code path} (a query of its own allowed) with
	 * a refusal of the current password ({@code error} code) shown beside its field.
	 */
	public static String refusedAt(String path, String error) {
		return "redirect:" + path + (path.contains("?") ? "&" : "?") + "error=" + error;
	}

	/** Back to the profile with a change done ({@code done} code) shown in {@code section}. */
	public static String done(String section, String done) {
		return "redirect:/accounts/profile?done=" + done + "&in=" + section + "#" + section;
	}

}
