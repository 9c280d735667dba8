package io.microsys.sso.provider.oidc.par;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import io.microsys.sso.provider.oidc.authorization.AuthorizationProperties;

/**
 * The answer to a pushed authorization request (RFC 9126 §2.2): 201 with the {@code request_uri}
 * and our {@code expires_in} ({@code microsys.sso.authorizations.pushed-request-ttl}), which the
 * grant store enforces; the framework would announce the five minutes it writes into the URI.
 */
public final class PushedRequestResponse implements AuthenticationSuccessHandler {

	private final AuthorizationProperties settings;

	public PushedRequestResponse(AuthorizationProperties settings) {
		this.settings = settings;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2PushedAuthorizationRequestAuthenticationToken pushed = (OAuth2PushedAuthorizationRequestAuthenticationToken) authentication;
		response.setStatus(HttpStatus.CREATED.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		// The request_uri is the framework's: "urn:ietf:params:oauth:request_uri:" and URL-safe base64.
		response.getWriter()
			.write("{\"request_uri\":\"" + pushed.getRequestUri() + "\",\"expires_in\":"
					+ this.settings.getPushedRequestTtl().toSeconds() + "}");
	}

}
