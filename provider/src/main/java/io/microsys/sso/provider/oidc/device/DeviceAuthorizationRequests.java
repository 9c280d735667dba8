package io.microsys.sso.provider.oidc.device;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import io.microsys.sso.provider.client.SsoRegisteredClientRepository;

/**
 * The device authorization endpoint (RFC 8628 §3.1-3.2), in place of the framework's: only an app
 * that lists the {@code urn:ietf:params:oauth:grant-type:device_code} grant gets codes, it may ask
 * for {@code openid} (the framework refuses it; here the tokens then include an ID token), and the
 * codes expire by the provider's clock. The grant is stored with the device code and the user code
 * and no person yet; {@link DeviceApprovals} adds the person.
 */
public final class DeviceAuthorizationRequests implements AuthenticationProvider {

	static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.2";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final OAuth2AuthorizationService authorizations;

	private final Clock clock;

	public DeviceAuthorizationRequests(OAuth2AuthorizationService authorizations, Clock clock) {
		this.authorizations = authorizations;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceAuthorizationRequestAuthenticationToken request = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		RegisteredClient registered = deviceApp(request.getPrincipal(), ERROR_URI);
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) request.getPrincipal();
		if (!SsoRegisteredClientRepository.isActive(registered)) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The application is deactivated.");
		}
		Set<String> scopes = new LinkedHashSet<>((request.getScopes() != null) ? request.getScopes() : Set.of());
		for (String scope : scopes) {
			if (!registered.getScopes().contains(scope)) {
				throw error(OAuth2ErrorCodes.INVALID_SCOPE, "The scope is not allowed for this application.");
			}
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(registered.getTokenSettings().getDeviceCodeTimeToLive());
		for (int tries = 0;; tries++) {
			OAuth2DeviceCode deviceCode = new OAuth2DeviceCode(deviceCodeValue(), now, expiresAt);
			OAuth2UserCode userCode = new OAuth2UserCode(UserCodes.generate(), now, expiresAt);
			OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(registered)
				.principalName(registered.getClientId())
				.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
				.token(deviceCode)
				.token(userCode)
				.attribute(OAuth2ParameterNames.SCOPE, scopes)
				.build();
			try {
				this.authorizations.save(authorization);
			}
			catch (DataIntegrityViolationException ex) {
				// A user code that another pending grant already has (34 bits): draw new codes.
				if (tries < 3) {
					continue;
				}
				throw ex;
			}
			return new OAuth2DeviceAuthorizationRequestAuthenticationToken(client, scopes, deviceCode, userCode);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2DeviceAuthorizationRequestAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static String deviceCodeValue() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The authenticated app of a device request (the authorization request or a poll), which must
	 * list the device grant: {@code invalid_client} / {@code unauthorized_client} otherwise.
	 */
	static RegisteredClient deviceApp(Object principal, String errorUri) {
		if (!(principal instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient registered = client.getRegisteredClient();
		if (!registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"The application may not use the device authorization grant.", errorUri));
		}
		return registered;
	}

	static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
	}

}
