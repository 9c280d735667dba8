package io.microsys.sso.provider.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.oidc.keys.SigningKeyService;
import io.microsys.sso.provider.oidc.keys.VerificationKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The admin API's token check alone: a token signed with the provider's key, from its issuer, for
 * the API's audience, with an expiry in the future and no {@code cnf} is accepted; each of those
 * properties changed alone is refused, naming the claim.
 */
class ApiTokensTests {

	private static final String ISSUER = "https://sso.example.com/o";

	private static RSAKey key;

	private static JwtDecoder decoder;

	@BeforeAll
	static void provider() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("signing").generate();
		SigningKeyService keys = mock(SigningKeyService.class);
		SigningKeyService.KeySet set = new SigningKeyService.KeySet(key, List.of(key.toPublicJWK()), Instant.now());
		when(keys.current()).thenReturn(set);
		when(keys.current(any())).thenReturn(set);
		decoder = ApiTokens.decoder(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), new VerificationKeys(keys),
				ISSUER);
	}

	private static String token(Consumer<Map<String, Object>> change) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject("hr-sync")
			.audience(List.of("hr-sync", SsoClaims.adminApiAudience(ISSUER)))
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(5)))
			.claim(SsoClaims.CLIENT_ID, "hr-sync")
			.claim("scope", List.of(SsoClaims.ADMIN_API_SCOPE))
			.claims(change)
			.build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	private static void refused(String token, String why) {
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.getErrors())
				.anySatisfy((error) -> assertThat(error.getDescription()).contains(why)));
	}

	@Test
	void decodeWhenEveryPropertyIsRightThenAccepted() {
		assertThat(decoder.decode(token((claims) -> {
		})).getSubject()).isEqualTo("hr-sync");
	}

	@Test
	void decodeWhenAnotherIssuerThenRefused() {
		refused(token((claims) -> claims.put("iss", "https://elsewhere.example/o")), "The iss claim is not valid");
	}

	@Test
	void decodeWhenExpiredThenRefused() {
		refused(token((claims) -> {
			claims.put("iat", Instant.now().minus(Duration.ofMinutes(15)));
			claims.put("exp", Instant.now().minus(Duration.ofMinutes(10)));
		}), "Jwt expired at");
	}

	@Test
	void decodeWhenNoExpiryThenRefused() {
		refused(token((claims) -> claims.remove("exp")), "exp");
	}

	@Test
	void decodeWhenNotForTheApisAudienceThenRefused() {
		refused(token((claims) -> claims.put("aud", List.of("hr-sync"))), "The aud claim is not valid");
	}

	@Test
	void decodeWhenBoundToADpopKeyThenRefused() {
		refused(token((claims) -> claims.put("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"))),
				"A sender-constrained token is not accepted as a bearer token");
	}

}
