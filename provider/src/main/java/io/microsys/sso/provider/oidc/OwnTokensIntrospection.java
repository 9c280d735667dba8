package io.microsys.sso.provider.oidc;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Introspection answers only for tokens issued to the asking client (its client id, or in the
 * token's audience). Any other client learns that the token is inactive, so one app cannot read
 * another app's tokens, users and roles.
 */
final class OwnTokensIntrospection implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	OwnTokensIntrospection(AuthenticationProvider delegate) {
		this.delegate = delegate;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Authentication result = this.delegate.authenticate(authentication);
		if (!(result instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)
				|| !introspection.getTokenClaims().isActive()
				|| !(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return result;
		}
		String asking = client.getRegisteredClient().getClientId();
		OAuth2TokenIntrospection claims = introspection.getTokenClaims();
		List<String> audience = claims.getAudience();
		if (asking.equals(claims.getClientId()) || (audience != null && audience.contains(asking))) {
			return result;
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), client,
				OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
