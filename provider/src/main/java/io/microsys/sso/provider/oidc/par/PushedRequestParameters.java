package io.microsys.sso.provider.oidc.par;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a pushed authorization request (RFC 9126) as the framework does, without the app's own
 * credentials: an app authenticating with {@code client_secret_post} sends its secret in the same
 * form, and the framework would keep it among the request's parameters, stored with the grant.
 */
public final class PushedRequestParameters implements AuthenticationConverter {

	private static final Set<String> CREDENTIALS = Set.of(OAuth2ParameterNames.CLIENT_SECRET,
			OAuth2ParameterNames.CLIENT_ASSERTION, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);

	private final AuthenticationConverter delegate;

	public PushedRequestParameters(AuthenticationConverter delegate) {
		this.delegate = delegate;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.delegate.convert(request);
		if (!(converted instanceof OAuth2PushedAuthorizationRequestAuthenticationToken pushed)
				|| pushed.getAdditionalParameters().keySet().stream().noneMatch(CREDENTIALS::contains)) {
			return converted;
		}
		Map<String, Object> parameters = new HashMap<>(pushed.getAdditionalParameters());
		parameters.keySet().removeAll(CREDENTIALS);
		return new OAuth2PushedAuthorizationRequestAuthenticationToken(pushed.getAuthorizationUri(),
				pushed.getClientId(), (Authentication) pushed.getPrincipal(), pushed.getRedirectUri(),
				pushed.getState(), pushed.getScopes(), parameters);
	}

}
