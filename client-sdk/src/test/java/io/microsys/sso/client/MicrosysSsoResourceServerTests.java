package io.microsys.sso.client;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Bearer tokens get the same role mapping as the sign-in, and fail closed the same way. */
class MicrosysSsoResourceServerTests {

	private final MicrosysSsoResourceServer server = new MicrosysSsoResourceServer(
			new DiscoveredClientRegistrationRepository("microsys", "https://sso.example.com/o", "my-app", null,
					List.of("openid")),
			"microsys", new SsoRoleMapper(EnumSet.of(SsoRole.ADMIN, SsoRole.STAFF),
					Map.of(SsoRole.ADMIN, List.of("ROLE_PROJECT_ADMIN"))),
			List.of("my-app"));

	private static Jwt token(Map<String, Object> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("7c1f6a1e-0000-4000-8000-000000000001")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300));
		claims.forEach(builder::claim);
		return builder.build();
	}

	@Test
	void authenticateWhenAdminThenSsoRoleAndMappedAuthoritiesOnly() {
		JwtAuthenticationToken authentication = this.server.authenticate(token(Map.of("microsys_sso_role", "admin")));

		assertThat(authentication.getAuthorities()).extracting("authority")
			.containsExactly("SSO_ROLE_ADMIN", "ROLE_PROJECT_ADMIN");
		assertThat(authentication.getName()).isEqualTo("7c1f6a1e-0000-4000-8000-000000000001");
	}

	@Test
	void authenticateWhenNestedRoleThenMapped() {
		JwtAuthenticationToken authentication = this.server
			.authenticate(token(Map.of("microsys_sso", Map.of("role", "staff", "client_id", "my-app"))));

		assertThat(authentication.getAuthorities()).extracting("authority").containsExactly("SSO_ROLE_STAFF");
	}

	@Test
	void authenticateWhenRoleMissingThenInvalidToken401() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.server.authenticate(token(Map.of("scope", "openid"))))
			.satisfies((ex) -> {
				BearerTokenError error = (BearerTokenError) ex.getError();
				assertThat(error.getErrorCode()).isEqualTo("invalid_token");
				assertThat(error.getHttpStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
			});
	}

	@Test
	void authenticateWhenRoleUnknownThenInvalidToken401() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.server.authenticate(token(Map.of("microsys_sso_role", "owner"))))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
	}

	@Test
	void authenticateWhenRoleNotRequiredThenInsufficientScope403() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.server.authenticate(token(Map.of("microsys_sso_role", "user"))))
			.satisfies((ex) -> {
				BearerTokenError error = (BearerTokenError) ex.getError();
				assertThat(error.getErrorCode()).isEqualTo("insufficient_scope");
				assertThat(error.getHttpStatus()).isEqualTo(HttpStatus.FORBIDDEN);
			});
	}

	@Test
	void audienceWhenTokenNamesThisAppThenAccepted() {
		assertThat(this.server.checkAudience(token(Map.of("aud", List.of("other", "my-app")))).hasErrors()).isFalse();
	}

	@Test
	void audienceWhenTokenIsForAnotherAppOrHasNoneThenRefused() {
		assertThat(this.server.checkAudience(token(Map.of("aud", List.of("other-app")))).getErrors())
			.extracting("errorCode")
			.containsExactly("invalid_token");
		assertThat(this.server.checkAudience(token(Map.of())).hasErrors()).isTrue();
	}

	@Test
	void constructorWhenNoAudienceThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MicrosysSsoResourceServer(
				new DiscoveredClientRegistrationRepository("microsys", "https://sso.example.com/o", "my-app", null,
						List.of("openid")),
				"microsys", SsoRoleMapper.defaults(), List.of()));
	}

}
