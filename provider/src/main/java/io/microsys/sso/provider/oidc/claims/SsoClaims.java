package io.microsys.sso.provider.oidc.claims;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.oidc.AccessDecision;

/**
 * The one answer to "what does this user get for this client": used by the token customizer (ID and
 * access tokens) and by the userinfo mapper, so the three always agree. The access decision is made
 * again each time, so a refresh after a membership was removed fails instead of renewing a role.
 */
@Component
public class SsoClaims {

	/** The per-client role claim. */
	public static final String ROLE = "microsys_sso_role";

	/** The client the token was issued to. */
	public static final String CLIENT_ID = "microsys_sso_client_id";

	/** Nested form of {@link #ROLE} and {@link #CLIENT_ID}. */
	public static final String NESTED = "microsys_sso";

	private final AccessDecision decision;

	public SsoClaims(AccessDecision decision) {
		this.decision = decision;
	}

	/**
	 * Claims for the user (by UUID) at the client (by client id) under the granted scopes. Throws
	 * {@code invalid_grant} when the user may no longer use the client.
	 */
	public Map<String, Object> forUser(String userUuid, String clientId, Set<String> scopes) {
		AccessDecision.Outcome outcome = this.decision.decide(clientId, userUuid);
		if (!outcome.allowed()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The user may no longer use this application.", null));
		}
		SsoUser user = outcome.user();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(StandardClaimNames.SUB, user.getUuid());
		if (scopes.contains(OidcScopes.PROFILE)) {
			putIfPresent(claims, StandardClaimNames.PREFERRED_USERNAME, user.getUsername());
			putIfPresent(claims, StandardClaimNames.NAME, user.getDisplayName());
			putIfPresent(claims, StandardClaimNames.GIVEN_NAME, user.getFirstName());
			putIfPresent(claims, StandardClaimNames.FAMILY_NAME, user.getLastName());
		}
		if (scopes.contains(OidcScopes.EMAIL) && user.getEmail() != null) {
			claims.put(StandardClaimNames.EMAIL, user.getEmail());
			claims.put(StandardClaimNames.EMAIL_VERIFIED, user.isEmailVerified());
		}
		claims.put(StandardClaimNames.LOCALE, user.getLanguage());
		String role = outcome.role().claimValue();
		claims.put(ROLE, role);
		claims.put(CLIENT_ID, clientId);
		claims.put(NESTED, Map.of("role", role, "client_id", clientId));
		return claims;
	}

	/** Claims of a token issued to a client on its own behalf (client credentials). */
	public Map<String, Object> forClient(String clientId) {
		return Map.of(CLIENT_ID, clientId);
	}

	private static void putIfPresent(Map<String, Object> claims, String name, String value) {
		if (value != null && !value.isBlank()) {
			claims.put(name, value);
		}
	}

}
