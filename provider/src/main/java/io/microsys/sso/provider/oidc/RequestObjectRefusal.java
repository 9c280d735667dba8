package io.microsys.sso.provider.oidc;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request objects are not taken (Core 6, {@code request_parameter_supported: false}): a
 * {@code request} parameter is answered {@code request_not_supported}, and a {@code request_uri}
 * that is not the handle of a pushed authorization request (RFC 9126) — it would make the provider
 * fetch a request object from an address the request names — {@code request_uri_not_supported}.
 * Refused before anything else happens (such requests may lack {@code response_type}, which the
 * request object would have carried), at the request's validated redirect URI with its state and
 * the issuer, or on the error page when the client or redirect URI is unknown.
 */
class RequestObjectRefusal extends OncePerRequestFilter {

	/** The prefix of the handles the pushed authorization request endpoint gives out. */
	static final String PUSHED_PREFIX = "urn:ietf:params:oauth:request_uri:";

	private static final String ERROR_URI = "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";

	private final RequestMatcher authorizeRequest;

	private final RegisteredClientRepository clients;

	private final AuthorizationRequestChecks checks;

	private final AuthorizationResponses responses;

	RequestObjectRefusal(String authorizePath, RegisteredClientRepository clients, AuthorizationRequestChecks checks,
			AuthorizationResponses responses) {
		this.authorizeRequest = PathPatternRequestMatcher.withDefaults().matcher(authorizePath);
		this.clients = clients;
		this.checks = checks;
		this.responses = responses;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		OAuth2Error error = this.authorizeRequest.matches(request) ? refusal(request) : null;
		if (error == null) {
			chain.doFilter(request, response);
			return;
		}
		String clientId = request.getParameter("client_id");
		RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
		String scope = request.getParameter("scope");
		Set<String> scopes = (scope != null) ? new LinkedHashSet<>(Arrays.asList(scope.split(" "))) : Set.of();
		Optional<String> redirectUri = (client != null)
				? this.checks.redirectUriOf(client, request.getParameter("redirect_uri"), scopes) : Optional.empty();
		if (redirectUri.isEmpty()) {
			response.sendError(HttpStatus.BAD_REQUEST.value(), error.getErrorCode());
			return;
		}
		response.sendRedirect(this.responses.errorUri(redirectUri.get(), error, request.getParameter("state")));
	}

	private static OAuth2Error refusal(HttpServletRequest request) {
		if (request.getParameter("request") != null) {
			return new OAuth2Error("request_not_supported", "Request objects are not supported.", ERROR_URI);
		}
		String requestUri = request.getParameter("request_uri");
		if (requestUri != null && !requestUri.startsWith(PUSHED_PREFIX)) {
			return new OAuth2Error("request_uri_not_supported",
					"request_uri is taken only from the pushed authorization request endpoint.", ERROR_URI);
		}
		return null;
	}

}
