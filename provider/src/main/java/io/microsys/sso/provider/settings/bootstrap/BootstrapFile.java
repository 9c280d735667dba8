package io.microsys.sso.provider.settings.bootstrap;

import java.util.List;

/** The bootstrap file as parsed, before it is checked against the database. */
record BootstrapFile(List<ScopeEntry> scopes, List<UserEntry> users, List<ClientEntry> clients,
		List<MembershipEntry> memberships) {

	/** {@code scopes[i]}. */
	record ScopeEntry(String label, String name, String description) {
	}

	/** {@code users[i]}; exactly one of password and passwordHash is set. */
	record UserEntry(String label, String username, String email, String password, String passwordHash,
			String firstName, String lastName, String scope, String language, boolean staff, boolean superuser,
			boolean active) {
	}

	/** {@code clients[i]}; a null secret makes a public client. */
	record ClientEntry(String label, String clientId, String name, String secret, List<String> redirectUris,
			List<String> postLogoutRedirectUris, String backchannelLogoutUri, List<String> grantTypes,
			List<String> scopes, PolicyEntry policy) {
	}

	/** {@code clients[i].policy}, defaults applied. */
	record PolicyEntry(boolean active, boolean allowAllAuthenticated, boolean requirePkce, boolean requireConsent,
			boolean requireHttpsRedirects, boolean allowLocalhostRedirects) {
	}

	/** {@code memberships[i]}. */
	record MembershipEntry(String label, String client, String user, String role, boolean active) {
	}

}
