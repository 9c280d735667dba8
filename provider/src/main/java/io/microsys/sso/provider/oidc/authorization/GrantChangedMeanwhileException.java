package io.microsys.sso.provider.oidc.authorization;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A grant was changed (or removed) by another request after this one read it, so this request's
 * change was not stored. For a code exchange or a refresh, the request lost the race and is refused
 * with {@code invalid_grant}; a revocation looks again ({@link RevocationRetry}).
 */
public class GrantChangedMeanwhileException extends OAuth2AuthenticationException {

	GrantChangedMeanwhileException() {
		super(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The grant was used by another request at the same time.",
				null));
	}

}
