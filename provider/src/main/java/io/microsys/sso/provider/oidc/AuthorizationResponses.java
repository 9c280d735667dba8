package io.microsys.sso.provider.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The answers of the authorization endpoint, with the issuer in every one of them (RFC 9207): a
 * client that talks to several providers can tell which one answered, so a mix-up attack cannot
 * make it send one provider's code to another. A success carries {@code code}, {@code state} and
 * {@code iss}; an error sent back to a validated redirect URI carries {@code error},
 * {@code error_description}, {@code error_uri}, {@code state} and {@code iss}; an error without
 * one (unknown client, unregistered redirect URI) is the error page, never a redirect.
 */
final class AuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	static final String ISS = "iss";

	private final String issuer;

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	AuthorizationResponses(String issuer) {
		this.issuer = issuer;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken answer = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(answer.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, answer.getAuthorizationCode().getTokenValue());
		addState(uri, answer.getState());
		addIssuer(uri);
		this.redirects.sendRedirect(request, response, uri.build(true).toUriString());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException code)
				? code.getAuthorizationCodeRequestAuthentication() : null;
		if (refused == null || !StringUtils.hasText(refused.getRedirectUri())) {
			response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
			return;
		}
		this.redirects.sendRedirect(request, response,
				errorUri(refused.getRedirectUri(), error, refused.getState()));
	}

	/** The error answer at a redirect URI already validated for its client. */
	String errorUri(String redirectUri, OAuth2Error error, String state) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
		}
		addState(uri, state);
		addIssuer(uri);
		return uri.build(true).toUriString();
	}

	private static void addState(UriComponentsBuilder uri, String state) {
		if (StringUtils.hasText(state)) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
	}

	private void addIssuer(UriComponentsBuilder uri) {
		uri.queryParam(ISS, encode(this.issuer));
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
