package io.microsys.sso.provider.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** An app's DPoP key (P-256), which signs DPoP proofs (RFC 9449 §4) as a real client does. */
public final class DpopKey {

	private final ECKey key;

	public DpopKey() {
		try {
			this.key = new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A fresh proof for a token request. */
	public String proof(String method, String url) {
		return proof(method, url, null, Instant.now(), UUID.randomUUID().toString());
	}

	/** A fresh proof for a protected resource request with {@code accessToken} ({@code ath}). */
	public String proof(String method, String url, String accessToken) {
		return proof(method, url, accessToken, Instant.now(), UUID.randomUUID().toString());
	}

	/** A proof with every claim chosen. */
	public String proof(String method, String url, String accessToken, Instant issuedAt, String jti) {
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("htm", method)
				.claim("htu", url)
				.issueTime(Date.from(issuedAt))
				.jwtID(jti);
			if (accessToken != null) {
				byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
				claims.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
			}
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
				.jwk(this.key.toPublicJWK())
				.build(), claims.build());
			jwt.sign(new ECDSASigner(this.key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The key's SHA-256 JWK thumbprint, as {@code cnf.jkt} carries it. */
	public String thumbprint() {
		try {
			return this.key.computeThumbprint().toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
