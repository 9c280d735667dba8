package io.microsys.sso.provider.setup.bootstrap;

import java.util.List;
import java.util.Optional;

import io.microsys.sso.provider.client.ClientPolicy;

/**
 * The bootstrap file's rules for one app, for other ways of defining apps (the settings import):
 * client id, name, grant types against public or confidential, policy flags, every URI under the
 * app's own policy ({@link io.microsys.sso.provider.client.RedirectUriRules}), scopes and lengths.
 * The same checks as {@link BootstrapValidator}, not a copy of them.
 */
public final class AppDefinitionRules {

	private AppDefinitionRules() {
	}

	/**
	 * The first problem with this definition, as {@code "<label>: <problem>"}, or empty when the
	 * bootstrap would accept it.
	 */
	public static Optional<String> problem(String label, String clientId, String name, boolean confidential,
			List<String> redirectUris, List<String> postLogoutRedirectUris, String backchannelLogoutUri,
			List<String> grantTypes, List<String> scopes, ClientPolicy policy) {
		BootstrapFile.PolicyEntry entry = new BootstrapFile.PolicyEntry(policy.isActive(),
				policy.isAllowAllAuthenticated(), policy.isRequirePkce(), policy.isRequireConsent(),
				policy.isRequireHttpsRedirects(), policy.isAllowLocalhostRedirects(), policy.isRequire2fa(),
				policy.isAllowPar(), policy.isRequirePar(), policy.isAllowDpop(), policy.isRequireDpop(),
				policy.isAppAdminsAppointAdmins());
		try {
			BootstrapValidator.checkDefinition(new BootstrapFile.ClientEntry(label, clientId, name, null, redirectUris,
					postLogoutRedirectUris, backchannelLogoutUri, grantTypes, scopes, entry), confidential);
			return Optional.empty();
		}
		catch (BootstrapProblem ex) {
			return Optional.of(ex.getMessage());
		}
	}

}
