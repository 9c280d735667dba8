package io.microsys.sso.provider.profile;

import java.util.List;

import io.microsys.sso.provider.account.ProfilePage;
import io.microsys.sso.provider.session.SignedInDevices;

/**
 * One sensitive action of the profile as its confirmation page shows it: what it is
 * ({@code kind}, naming its texts {@code profile.confirm.<kind>.*}), where its form posts, the
 * profile section to go back to, whether it is shown as destructive, and for ending sessions the
 * sessions that end.
 *
 * @param session the handle of the session to end, else null
 * @param device that session as the profile lists it, else null
 * @param others the sessions that end, for {@code endOthers}, else empty
 */
record Confirmation(String kind, String path, String section, boolean danger, String session,
		SignedInDevices.View device, List<SignedInDevices.View> others) {

	static Confirmation enableEmailCodes() {
		return new Confirmation("emailCodes", ProfilePage.ENABLE_EMAIL_CODES, ProfilePage.TWO_FACTOR, false, null,
				null, List.of());
	}

	static Confirmation newBackupCodes() {
		return new Confirmation("backupCodes", ProfilePage.NEW_BACKUP_CODES, ProfilePage.TWO_FACTOR, false, null,
				null, List.of());
	}

	static Confirmation disableTwoFactor() {
		return new Confirmation("disable", ProfilePage.DISABLE_TWO_FACTOR, ProfilePage.TWO_FACTOR, true, null, null,
				List.of());
	}

	static Confirmation endSession(SignedInDevices.View device) {
		return new Confirmation("endSession", ProfilePage.END_SESSION, ProfilePage.DEVICES, true, device.handle(),
				device, List.of());
	}

	static Confirmation endOtherSessions(List<SignedInDevices.View> others) {
		return new Confirmation("endOthers", ProfilePage.END_OTHER_SESSIONS, ProfilePage.DEVICES, true, null, null,
				List.copyOf(others));
	}

}
