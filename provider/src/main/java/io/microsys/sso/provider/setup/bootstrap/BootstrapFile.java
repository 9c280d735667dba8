package io.microsys.sso.provider.setup.bootstrap;

import java.util.List;

import io.microsys.sso.provider.client.ClientPolicy;

/**
 * The bootstrap file as parsed, defaults applied, before it is checked. Each entry keeps its
 * {@code label} ({@code users[2] (username 'bob')}) for messages.
 */
record BootstrapFile(List<ScopeEntry> scopes, List<UserEntry> users, List<ClientEntry> clients,
		List<MembershipEntry> memberships) {

	/** {@code scopes[i]}. */
	record ScopeEntry(String label, String name, String description) {
	}

	/**
	 * {@code users[i]}; password and passwordHash are as written (both null keeps an existing
	 * user's password; both set is refused by the validator).
	 */
	record UserEntry(String label, String username, String email, String password, String passwordHash,
			String firstName, String lastName, String scope, String language, boolean staff, boolean superuser,
			boolean active) {
	}

	/** {@code clients[i]}; a null secret makes a public client. */
	record ClientEntry(String label, String clientId, String name, String secret, List<String> redirectUris,
			List<String> postLogoutRedirectUris, String backchannelLogoutUri, List<String> grantTypes,
			List<String> scopes, PolicyEntry policy) {
	}

	/**
	 * {@code clients[i].policy}, defaults applied: {@code allow_par} and {@code allow_dpop} default to
	 * their {@code require_*} key, which implies them.
	 */
	record PolicyEntry(boolean active, boolean allowAllAuthenticated, boolean requirePkce, boolean requireConsent,
			boolean requireHttpsRedirects, boolean allowLocalhostRedirects, boolean require2fa, boolean allowPar,
			boolean requirePar, boolean allowDpop, boolean requireDpop, boolean appAdminsAppointAdmins) {

		/** The policy this entry declares. */
		ClientPolicy toPolicy() {
			ClientPolicy policy = new ClientPolicy();
			copyTo(policy);
			return policy;
		}

		/** Sets every field of {@code policy} to this entry's values. */
		void copyTo(ClientPolicy policy) {
			policy.setActive(this.active);
			policy.setAllowAllAuthenticated(this.allowAllAuthenticated);
			policy.setRequirePkce(this.requirePkce);
			policy.setRequireConsent(this.requireConsent);
			policy.setRequireHttpsRedirects(this.requireHttpsRedirects);
			policy.setAllowLocalhostRedirects(this.allowLocalhostRedirects);
			policy.setRequire2fa(this.require2fa);
			policy.setAllowPar(this.allowPar);
			policy.setRequirePar(this.requirePar);
			policy.setAllowDpop(this.allowDpop);
			policy.setRequireDpop(this.requireDpop);
			policy.setAppAdminsAppointAdmins(this.appAdminsAppointAdmins);
		}

	}

	/** {@code memberships[i]}. */
	record MembershipEntry(String label, String client, String user, String role, boolean active) {
	}

}
