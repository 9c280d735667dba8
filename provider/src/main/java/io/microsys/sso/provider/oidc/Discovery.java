package io.microsys.sso.provider.oidc;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.oidc.dpop.DpopResourceRequests;
import io.microsys.sso.provider.support.Language;

/**
 * The discovery document says what the provider really supports, so that client libraries choose
 * correctly: the framework's defaults advertise client authentication methods and grants that are
 * not enabled here.
 */
final class Discovery {

	private static final List<String> CLIENT_AUTH = List.of("client_secret_basic", "client_secret_post", "none");

	/**
	 * Revocation and introspection authenticate the client by its secret only: a public client (no
	 * secret) gets {@code invalid_client} there, so {@code none} is not offered.
	 */
	private static final List<String> SECRET_AUTH = CLIENT_AUTH.subList(0, 2);

	private Discovery() {
	}

	static void describe(Map<String, Object> metadata) {
		metadata.put("token_endpoint_auth_methods_supported", CLIENT_AUTH);
		metadata.put("revocation_endpoint_auth_methods_supported", SECRET_AUTH);
		metadata.put("introspection_endpoint_auth_methods_supported", SECRET_AUTH);
		metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
				"urn:ietf:params:oauth:grant-type:token-exchange",
				"urn:ietf:params:oauth:grant-type:device_code"));
		// microsys.admin: a token for the admin API (docs/admin-api.md), for apps that list it.
		metadata.put("scopes_supported",
				List.of("openid", "profile", "email", "offline_access", SsoClaims.ADMIN_API_SCOPE));
		metadata.put("response_modes_supported", List.of("query"));
		metadata.put("claims_supported",
				List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "azp",
						"preferred_username", "name", "given_name", "family_name", "email", "email_verified", "locale",
						SsoClaims.ROLE, SsoClaims.CLIENT_ID, SsoClaims.NESTED));
		metadata.put("claim_types_supported", List.of("normal"));
		metadata.put("claims_parameter_supported", false);
		metadata.put("backchannel_logout_supported", true);
		metadata.put("backchannel_logout_session_supported", true);
		metadata.put("acr_values_supported", List.of(SignIn.ACR_PASSWORD, SignIn.ACR_MFA));
		metadata.put("prompt_values_supported", AuthenticationRequest.PROMPT_VALUES);
		metadata.put("ui_locales_supported", Arrays.stream(Language.values()).map(Language::code).toList());
		metadata.put("display_values_supported", List.of("page"));
		// RFC 9207: every authorization response names its issuer.
		metadata.put("authorization_response_iss_parameter_supported", true);
		// Core 6: request objects are refused (request_not_supported, request_uri_not_supported);
		// request_uri is taken only as the handle of a pushed authorization request.
		metadata.put("request_parameter_supported", false);
		metadata.put("request_uri_parameter_supported", false);
		metadata.remove("tls_client_certificate_bound_access_tokens");
		// Per app (allow_par / allow_dpop); the document is global, so both are always announced.
		metadata.put("pushed_authorization_request_endpoint", metadata.get("issuer") + "/par");
		metadata.put("require_pushed_authorization_requests", false);
		metadata.put("dpop_signing_alg_values_supported", List.of(DpopResourceRequests.ALGORITHMS.split(" ")));
	}

}
