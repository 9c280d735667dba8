package io.microsys.sso.provider.oidc.authorization;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * Revocation is idempotent (RFC 7009 §2.2: 200 whether the token was revoked now or is already
 * invalid). When an app sends the same revocation several times at once, all but one find that
 * another request changed the grant since they read it; instead of refusing them, this looks
 * again: a token that is gone or already revoked needs nothing more, anything else (the grant
 * changed for another reason) is revoked again on what is stored now, a bounded number of times.
 */
public final class RevocationRetry implements AuthenticationProvider {

	private static final int ATTEMPTS = 5;

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	public RevocationRetry(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations) {
		this.delegate = delegate;
		this.authorizations = authorizations;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.delegate.authenticate(authentication);
			}
			catch (GrantChangedMeanwhileException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				if (authentication instanceof OAuth2TokenRevocationAuthenticationToken revocation
						&& alreadyInvalid(revocation.getToken())) {
					return authentication;
				}
			}
		}
	}

	private boolean alreadyInvalid(String tokenValue) {
		OAuth2Authorization authorization = this.authorizations.findByToken(tokenValue, null);
		if (authorization == null) {
			return true;
		}
		OAuth2Authorization.Token<?> token = authorization.getToken(tokenValue);
		return token == null || token.isInvalidated();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
