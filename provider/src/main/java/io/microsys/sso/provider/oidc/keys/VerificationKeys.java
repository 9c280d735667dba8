package io.microsys.sso.provider.oidc.keys;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.stereotype.Component;

/**
 * The keys the provider accepts its own tokens with (bearer tokens at userinfo): every published
 * public key, so a token signed before a key rotation stays valid until it expires, chosen by the
 * token's {@code kid}, for RS256 only. The keys are converted once per key set the node loads, not
 * on every request.
 */
@Component
public class VerificationKeys implements JWSKeySelector<SecurityContext> {

	private final SigningKeyService keys;

	private volatile Converted converted;

	/** The public keys of one loaded key set, by key id. */
	private record Converted(SigningKeyService.KeySet set, Map<String, PublicKey> byKid, List<Key> all) {
	}

	public VerificationKeys(SigningKeyService keys) {
		this.keys = keys;
	}

	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
		if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
			return List.of();
		}
		Converted current = current(header.getKeyID());
		if (header.getKeyID() == null) {
			return current.all();
		}
		PublicKey key = current.byKid().get(header.getKeyID());
		return (key != null) ? List.of(key) : List.of();
	}

	private Converted current(String kid) {
		SigningKeyService.KeySet set = this.keys.current(kid);
		Converted known = this.converted;
		if (known != null && known.set() == set) {
			return known;
		}
		Map<String, PublicKey> byKid = new HashMap<>();
		List<Key> all = new ArrayList<>();
		for (JWK jwk : set.published()) {
			if (jwk instanceof RSAKey rsa && (jwk.getAlgorithm() == null || JWSAlgorithm.RS256.equals(jwk.getAlgorithm()))) {
				try {
					PublicKey key = rsa.toRSAPublicKey();
					all.add(key);
					if (jwk.getKeyID() != null) {
						byKid.put(jwk.getKeyID(), key);
					}
				}
				catch (JOSEException ex) {
					throw new IllegalStateException("A published signing key is not a valid RSA key: " + jwk.getKeyID(), ex);
				}
			}
		}
		Converted fresh = new Converted(set, Map.copyOf(byKid), List.copyOf(all));
		this.converted = fresh;
		return fresh;
	}

}
