package io.microsys.sso.provider.oidc;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import io.microsys.sso.provider.client.SsoRegisteredClientRepository;

/**
 * Refuses a deactivated app at client authentication, whatever it asks for next (a refresh, client
 * credentials, a device code, a token exchange, a pushed request, revocation): the app was read for
 * this very request (its row version is checked on every lookup), so a deactivation made on any node
 * counts at once, and a secret verified from the cache a moment before gets no further.
 */
final class ActiveClientsOnly implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	ActiveClientsOnly(AuthenticationProvider delegate) {
		this.delegate = delegate;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		Authentication result = this.delegate.authenticate(authentication);
		if (result instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			RegisteredClient registered = client.getRegisteredClient();
			if (registered == null || !SsoRegisteredClientRepository.isActive(registered)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
						"Client authentication failed: the application is deactivated", null));
			}
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
