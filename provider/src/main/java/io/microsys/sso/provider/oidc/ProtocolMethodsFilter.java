package io.microsys.sso.provider.oidc;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The token, revocation, introspection, device authorization and pushed request endpoints take
 * POST only (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1, RFC 8628 §3.1, RFC 9126 §2); the
 * discovery document and the JWKS are read with GET. Another method gets 405
 * with the allowed ones, which the error page words as {@code invalid_request}, instead of
 * falling through to a bearer-token challenge or the CSRF check.
 */
class ProtocolMethodsFilter extends OncePerRequestFilter {

	private static final List<String> POST = List.of("POST");

	private static final List<String> GET = List.of("GET");

	private final Map<String, List<String>> allowed;

	ProtocolMethodsFilter(String issuerPath, AuthorizationServerSettings settings) {
		this.allowed = Map.of(issuerPath + settings.getTokenEndpoint(), POST,
				issuerPath + settings.getTokenRevocationEndpoint(), POST,
				issuerPath + settings.getTokenIntrospectionEndpoint(), POST,
				issuerPath + settings.getDeviceAuthorizationEndpoint(), POST,
				issuerPath + settings.getPushedAuthorizationRequestEndpoint(), POST,
				issuerPath + settings.getJwkSetEndpoint(), GET,
				issuerPath + "/.well-known/openid-configuration", GET);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> methods = this.allowed.get(request.getRequestURI().substring(request.getContextPath().length()));
		if (methods != null && !methods.contains(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, String.join(", ", methods));
			response.sendError(HttpStatus.METHOD_NOT_ALLOWED.value());
			return;
		}
		chain.doFilter(request, response);
	}

}
