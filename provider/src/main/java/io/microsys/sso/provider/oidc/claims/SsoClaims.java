package io.microsys.sso.provider.oidc.claims;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The one answer to "what does this user get for this client": used by the token customizer (ID and
 * access tokens) and by the userinfo mapper, so the three always agree. The access decision is made
 * again for every request (once per request: a token response's access and ID tokens share it), so a
 * refresh after a membership was removed fails instead of renewing a role.
 */
@Component
public class SsoClaims {

	/** The per-client role claim. */
	public static final String ROLE = "microsys_sso_role";

	/** The client the token was issued to. */
	public static final String CLIENT_ID = "microsys_sso_client_id";

	/** Nested form of {@link #ROLE} and {@link #CLIENT_ID}. */
	public static final String NESTED = "microsys_sso";

	/**
	 * The scope an app asks for to call the admin API ({@code /api/admin/v1}, {@code /scim/v2}):
	 * a person's token then acts with that person's rights, a service account's with its grants.
	 * An app may ask for it only when it is among the app's scopes.
	 */
	public static final String ADMIN_API_SCOPE = "microsys.admin";

	/** Request attribute prefix under which a decision is remembered for the rest of the request. */
	private static final String MEMO = SsoClaims.class.getName() + ".decision:";

	private final AccessDecision decision;

	/**
	 * The audience of access tokens for the admin API: the API's address at the issuer's origin
	 * ({@code https://sso.example.com/api/admin/v1} for the issuer
	 * {@code https://sso.example.com/o}). The API refuses tokens without it.
	 */
	public static String adminApiAudience(String issuer) {
		java.net.URI uri = java.net.URI.create(issuer);
		return uri.getScheme() + "://" + uri.getRawAuthority() + "/api/admin/v1";
	}

	public SsoClaims(AccessDecision decision) {
		this.decision = decision;
	}

	/**
	 * Claims for the user (by UUID) at the client (by client id) under the granted scopes. Throws
	 * {@code invalid_grant} when the user may no longer use the client.
	 */
	public Map<String, Object> forUser(String userUuid, String clientId, Set<String> scopes) {
		String key = MEMO + clientId + "\u0000" + userUuid;
		return claims(remembered(key, () -> this.decision.decide(clientId, userUuid)), scopes);
	}

	/**
	 * As {@link #forUser(String, String, Set)}, for the client with this registered-client id (its
	 * row id), as a stored grant names it.
	 */
	public Map<String, Object> forUserAtRegisteredClient(String userUuid, String registeredClientId,
			Set<String> scopes) {
		long clientPk;
		try {
			clientPk = Long.parseLong(registeredClientId);
		}
		catch (NumberFormatException ex) {
			throw noLongerAllowed();
		}
		String key = MEMO + "#" + clientPk + "\u0000" + userUuid;
		return claims(remembered(key, () -> this.decision.decideForClientPk(clientPk, userUuid)), scopes);
	}

	/**
	 * The decision made earlier in the same request, if any: a token response signs an access token
	 * and an ID token a moment apart, and they must not disagree either.
	 */
	private static AccessDecision.Outcome remembered(String key, Supplier<AccessDecision.Outcome> decide) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return decide.get();
		}
		if (request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof AccessDecision.Outcome outcome) {
			return outcome;
		}
		AccessDecision.Outcome outcome = decide.get();
		request.setAttribute(key, outcome, RequestAttributes.SCOPE_REQUEST);
		return outcome;
	}

	private static OAuth2AuthenticationException noLongerAllowed() {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
				"The user may no longer use this application.", null));
	}

	private static Map<String, Object> claims(AccessDecision.Outcome outcome, Set<String> scopes) {
		if (!outcome.allowed()) {
			throw noLongerAllowed();
		}
		AccessDecision.Person user = outcome.user();
		String clientId = outcome.clientId();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(StandardClaimNames.SUB, user.uuid());
		if (scopes.contains(OidcScopes.PROFILE)) {
			putIfPresent(claims, StandardClaimNames.PREFERRED_USERNAME, user.username());
			putIfPresent(claims, StandardClaimNames.NAME, user.displayName());
			putIfPresent(claims, StandardClaimNames.GIVEN_NAME, user.firstName());
			putIfPresent(claims, StandardClaimNames.FAMILY_NAME, user.lastName());
		}
		if (scopes.contains(OidcScopes.EMAIL) && user.email() != null) {
			claims.put(StandardClaimNames.EMAIL, user.email());
			claims.put(StandardClaimNames.EMAIL_VERIFIED, user.emailVerified());
		}
		claims.put(StandardClaimNames.LOCALE, user.language());
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
