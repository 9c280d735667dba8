package io.microsys.sso.provider.oidc;

import java.util.Optional;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.oidc.keys.VerificationKeys;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * Reads an {@code id_token_hint}: an ID token this provider issued (its signature checked against
 * every published key, its issuer ours), expired or not, as Core 3.1.2.1 allows. Only its
 * {@code sub} is used: whom the app believes is signed in.
 */
@Component
class IdTokenHints {

	private final NimbusJwtDecoder decoder;

	IdTokenHints(JWKSource<SecurityContext> jwkSource, VerificationKeys verificationKeys,
			ProviderProperties properties) {
		this.decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(verificationKeys))
			.build();
		// No time checks: a hint is often an ID token that expired long ago.
		this.decoder.setJwtValidator(new JwtIssuerValidator(properties.getIssuer()));
	}

	/** The person the hint names, or empty when it is not an ID token of this provider. */
	Optional<String> subject(String hint) {
		if (hint == null || hint.length() > ProtocolParametersFilter.MAX_LENGTH) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.decoder.decode(hint).getSubject());
		}
		catch (JwtException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
