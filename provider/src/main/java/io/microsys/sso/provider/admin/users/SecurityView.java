package io.microsys.sso.provider.admin.users;

import java.time.Instant;
import java.util.List;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Times;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * What the "sign-in and security" page of a person shows.
 *
 * @param person the person
 * @param authenticator whether an authenticator app is confirmed
 * @param emailCodes whether they chose codes by email
 * @param backupCodes how many unused backup codes they have
 * @param trustedBrowsers the browsers they trust now, with their expiry
 * @param throttle the throttle on their names and codes
 * @param devices their signed-in devices
 * @param mayChange whether the actor may act on them (the forms are shown)
 */
public record SecurityView(SsoUser person, boolean authenticator, boolean emailCodes, int backupCodes,
		List<TrustedBrowsers.Trusted> trustedBrowsers, LoginThrottle.AccountState throttle, List<DeviceRow> devices,
		boolean mayChange) {

	/** Whether any second factor is set up (backup codes alone do not sign anyone in). */
	public boolean twoStep() {
		return this.authenticator || this.emailCodes;
	}

	/** Whether there is anything for a two-step reset to remove. */
	public boolean anyTwoStep() {
		return twoStep() || this.backupCodes > 0 || !this.trustedBrowsers.isEmpty();
	}

	/** A time as the console writes it. */
	public String time(Instant at) {
		return Times.text(at);
	}

}
