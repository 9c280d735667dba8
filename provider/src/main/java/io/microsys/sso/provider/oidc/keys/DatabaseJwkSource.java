package io.microsys.sso.provider.oidc.keys;

import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.stereotype.Component;

/**
 * The provider's {@link JWKSource}. A selector that asks for a key type is the token encoder: it
 * gets only the active private key, so there is never a choice between two signing keys. A
 * selector without criteria is the JWKS endpoint: it gets every published public key.
 */
@Component
public class DatabaseJwkSource implements JWKSource<SecurityContext> {

	private final SigningKeyService keys;

	public DatabaseJwkSource(SigningKeyService keys) {
		this.keys = keys;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		SigningKeyService.KeySet set = this.keys.current();
		JWKMatcher matcher = selector.getMatcher();
		boolean forSigning = matcher.getKeyTypes() != null && !matcher.getKeyTypes().isEmpty();
		if (forSigning) {
			return selector.select(new JWKSet(set.signing()));
		}
		return selector.select(new JWKSet(set.published()));
	}

}
