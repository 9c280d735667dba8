package io.microsys.sso.provider.api;

import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.oidc.keys.VerificationKeys;

/**
 * The admin API's token check: a JWT signed with one of this provider's published keys, from this
 * issuer, not expired (an expiry is required), for the API's audience
 * ({@link SsoClaims#adminApiAudience}), and not bound to a DPoP key (such a token is not a bearer
 * token). Anything else is a 401 with {@code WWW-Authenticate}.
 */
final class ApiTokens {

	private ApiTokens() {
	}

	static JwtDecoder decoder(JWKSource<SecurityContext> keys, VerificationKeys verificationKeys, String issuer) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(verificationKeys))
			.build();
		String audience = SsoClaims.adminApiAudience(issuer);
		OAuth2TokenValidator<Jwt> audienceValidator = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.contains(audience));
		OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Object>(JwtClaimNames.EXP, (exp) -> exp != null);
		OAuth2TokenValidator<Jwt> notBound = (jwt) -> jwt.hasClaim("cnf")
				? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult
					.failure(new org.springframework.security.oauth2.core.OAuth2Error("invalid_token",
							"A sender-constrained token is not accepted as a bearer token", null))
				: org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				audienceValidator, expires, notBound));
		return decoder;
	}

}
