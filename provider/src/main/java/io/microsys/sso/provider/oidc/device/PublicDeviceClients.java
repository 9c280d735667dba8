package io.microsys.sso.provider.oidc.device;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A public app (no secret) names itself by {@code client_id} at the device authorization endpoint
 * and when it polls for the device code's tokens (RFC 8628 §3.1, §3.4): the device flow is meant
 * for apps that cannot keep a secret. The framework authenticates public clients only by PKCE on
 * a code exchange; these two requests are recognized here. An app with a secret must still use it.
 */
public final class PublicDeviceClients {

	/** Marks a client authentication made here, so only these are accepted without a secret. */
	private static final String MARK = PublicDeviceClients.class.getName();

	private PublicDeviceClients() {
	}

	/** Reads {@code client_id} from a device request that carries no other client credentials. */
	public static AuthenticationConverter converter(String deviceAuthorizationPath, String tokenPath) {
		PathPatternRequestMatcher.Builder requests = PathPatternRequestMatcher.withDefaults();
		RequestMatcher deviceAuthorization = requests.matcher(org.springframework.http.HttpMethod.POST,
				deviceAuthorizationPath);
		RequestMatcher token = requests.matcher(org.springframework.http.HttpMethod.POST, tokenPath);
		return (request) -> {
			boolean device = deviceAuthorization.matches(request) || (token.matches(request)
					&& AuthorizationGrantType.DEVICE_CODE.getValue().equals(request.getParameter("grant_type")));
			if (!device || hasOtherCredentials(request)) {
				return null;
			}
			String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (clientIds == null || clientIds.length != 1 || clientIds[0].isEmpty()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
			}
			return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
					Map.of(MARK, Boolean.TRUE));
		};
	}

	private static boolean hasOtherCredentials(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null;
	}

	/** Accepts what {@link #converter} read when the app is a public one. */
	public static AuthenticationProvider provider(RegisteredClientRepository clients) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
				if (!ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())
						|| !Boolean.TRUE.equals(client.getAdditionalParameters().get(MARK))) {
					return null;
				}
				String clientId = String.valueOf(client.getPrincipal());
				RegisteredClient registered = (clientId.length() <= 100) ? clients.findByClientId(clientId) : null;
				if (registered == null
						|| !registered.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
					throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
				}
				return new OAuth2ClientAuthenticationToken(registered, ClientAuthenticationMethod.NONE, null);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

}
