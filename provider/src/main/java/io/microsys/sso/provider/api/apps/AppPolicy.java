package io.microsys.sso.provider.api.apps;

import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.client.ClientPolicy;

/**
 * An app's policy in the admin API: who may sign in to it and how strictly its requests are
 * checked (CONTRACT §3). In a request a missing flag takes its default: {@code active},
 * {@code requirePkce} and {@code requireHttpsRedirects} on, every other one off. A {@code require*}
 * flag turns its {@code allow*} flag on.
 */
@Schema(name = "AppPolicy", description = "Who may sign in to the app and how strictly its requests are checked.")
record AppPolicy(
		@Schema(description = "An inactive app refuses every sign-in and token request (default true).") Boolean active,
		@Schema(description = "Any active person gets the role user without a membership (default false).") Boolean allowAllAuthenticated,
		@Schema(description = "PKCE (S256) is required for the code flow; public apps always need it (default true).") Boolean requirePkce,
		@Schema(description = "Redirect URIs must use https (default true).") Boolean requireHttpsRedirects,
		@Schema(description = "http://localhost and http://127.0.0.1 redirect URIs are accepted (default false).") Boolean allowLocalhostRedirects,
		@Schema(description = "People are asked for their consent (default false: first-party apps).") Boolean requireConsent,
		@Schema(description = "Signing in needs a second factor (default false).") Boolean requireSecondFactor,
		@Schema(description = "The app may push authorization requests (RFC 9126); confidential apps only (default false).") Boolean allowPar,
		@Schema(description = "The app must push its authorization requests (default false).") Boolean requirePar,
		@Schema(description = "The app may bind its tokens with DPoP proofs (RFC 9449) (default false).") Boolean allowDpop,
		@Schema(description = "Every token request of the app needs a DPoP proof (default false).") Boolean requireDpop,
		@Schema(description = "The app's own admins may make others admin of it (default false).") Boolean appAdminsAppointAdmins) {

	/** No flag given: every one takes its default. */
	static final AppPolicy DEFAULTS = new AppPolicy(null, null, null, null, null, null, null, null, null, null, null,
			null);

	/** The policy as stored. */
	static AppPolicy of(ClientPolicy p) {
		return new AppPolicy(p.isActive(), p.isAllowAllAuthenticated(), p.isRequirePkce(), p.isRequireHttpsRedirects(),
				p.isAllowLocalhostRedirects(), p.isRequireConsent(), p.isRequire2fa(), p.isAllowPar(), p.isRequirePar(),
				p.isAllowDpop(), p.isRequireDpop(), p.isAppAdminsAppointAdmins());
	}

}
