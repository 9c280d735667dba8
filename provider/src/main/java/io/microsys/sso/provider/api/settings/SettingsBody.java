package io.microsys.sso.provider.api.settings;

import java.util.Map;

import io.microsys.sso.provider.setup.AllSettings;

/**
 * The run-time settings as {@code GET /settings} answers them and {@code PUT /settings} takes them
 * (the mail server, {@code fixedBy} and {@code trustedProxies} are read only; a PUT may leave them
 * out).
 *
 * @param registration whether people may sign up ({@code enabled}) and what happens once they
 * confirmed their address ({@code mode})
 * @param branding the sign-in page's {@code logoUrl} (https) and {@code colour} ({@code #rrggbb}), each null for the default
 * @param security each security setting: flags, numbers, the default language's code
 * @param network how the client's address is found: {@code mode} (direct, header, proxy), {@code header}, {@code hops}
 * @param mail the mail server; the password is never shown, only whether one is set
 * @param fixedBy the fields an environment variable fixes, with its name: they cannot be changed here
 * @param trustedProxies whether {@code microsys.sso.trusted-proxies} is set: it wins over {@code network}
 */
record SettingsBody(Registration registration, Branding branding, Map<String, Object> security,
		Map<String, Object> network, AllSettings.Mail mail, Map<String, String> fixedBy, Boolean trustedProxies) {

	/** Whether people may sign up, and the mode once they confirmed their address. */
	record Registration(Boolean enabled, String mode) {
	}

	/** The sign-in page's logo and colour. */
	record Branding(String logoUrl, String colour) {
	}

	static SettingsBody of(AllSettings.Document document) {
		return new SettingsBody(
				new Registration(document.registration().enabled(), document.registration().mode().value()),
				new Branding(document.branding().logoUrl(), document.branding().colour()), document.security(),
				document.network(), document.mail(), document.fixedBy(), document.trustedProxies());
	}

	AllSettings.Wanted wanted() {
		return new AllSettings.Wanted((this.registration != null) ? this.registration.enabled() : null,
				(this.registration != null) ? this.registration.mode() : null,
				(this.branding != null) ? this.branding.logoUrl() : null,
				(this.branding != null) ? this.branding.colour() : null, this.security, this.network);
	}

}
