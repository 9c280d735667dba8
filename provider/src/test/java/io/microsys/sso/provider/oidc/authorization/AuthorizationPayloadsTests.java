package io.microsys.sso.provider.oidc.authorization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import io.microsys.sso.provider.account.SsoUserDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Stored grants survive the compact format exactly, whatever they hold. */
class AuthorizationPayloadsTests {

	private static final Instant NOW = Instant.parse("2026-12-02T07:30:00.123456789Z");

	private static final RegisteredClient CLIENT = RegisteredClient.withId("42")
		.clientId("wiki")
		.clientSecret("{argon2}$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
		.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.redirectUri("https://wiki.example.com/login/oauth2/code/microsys")
		.scope("openid")
		.scope("profile")
		.scope("offline_access")
		.build();

	@Test
	void readWhenPendingCodeThenSameGrantWithRequestAndPrincipal() {
		OAuth2Authorization pending = pending().build();

		OAuth2Authorization read = roundTrip(pending);

		assertSame(read, pending);
		OAuth2AuthorizationRequest request = read.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(request.getAdditionalParameters()).containsEntry("code_challenge", "abc-_").containsEntry("nonce",
				"n-0S6");
		assertThat(request.getAuthorizationRequestUri()).isEqualTo(authorizationRequest().getAuthorizationRequestUri());
		UsernamePasswordAuthenticationToken principal = read.getAttribute(Principal.class.getName());
		assertThat(principal.getName()).isEqualTo("6f0e1c4e-user");
		assertThat(principal.getAuthorities()).extracting("authority").contains("FACTOR_PASSWORD", "ROLE_USER");
		assertThat(read.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isFalse();
	}

	@Test
	void readWhenCodeRedeemedThenTokensClaimsAndInvalidatedCodeKept() {
		OAuth2Authorization redeemed = redeemed().build();

		OAuth2Authorization read = roundTrip(redeemed);

		assertSame(read, redeemed);
		assertThat(read.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isTrue();
		assertThat(read.getAccessToken().getToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(read.getAccessToken().getToken().getScopes()).containsExactlyInAnyOrder("openid", "profile",
				"offline_access");
		assertThat(read.getAccessToken().getClaims()).containsEntry("aud", List.of("wiki"))
			.containsEntry("iat", NOW)
			.containsEntry("microsys_sso", Map.of("role", "staff", "client_id", "wiki"));
		assertThat(read.getRefreshToken().getToken().getTokenValue()).isEqualTo("refresh-value");
		OidcIdToken idToken = read.getToken(OidcIdToken.class).getToken();
		assertThat(idToken.getClaims()).containsEntry("sid", "c2lk").containsEntry("auth_time", NOW)
			.containsEntry("email_verified", true);
		assertThat(read.getToken(OidcIdToken.class).getClaims()).isEqualTo(idToken.getClaims());
	}

	@Test
	void readWhenRefreshRotatedOrAllInvalidatedThenSame() {
		OAuth2Authorization rotated = OAuth2Authorization.from(redeemed().build())
			.refreshToken(new OAuth2RefreshToken("refresh-2", NOW.plusSeconds(60), NOW.plus(Duration.ofHours(8))))
			.build();
		OAuth2Authorization revoked = OAuth2Authorization.from(rotated)
			.invalidate(rotated.getRefreshToken().getToken())
			.build();

		assertSame(roundTrip(rotated), rotated);
		OAuth2Authorization read = roundTrip(revoked);
		assertSame(read, revoked);
		assertThat(read.getRefreshToken().isInvalidated()).isTrue();
		assertThat(read.getAccessToken().isInvalidated()).isTrue();
	}

	@Test
	void readWhenClientCredentialsThenClientPrincipalKept() {
		OAuth2ClientAuthenticationToken client = new OAuth2ClientAuthenticationToken(CLIENT,
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
		OAuth2Authorization grant = OAuth2Authorization.withRegisteredClient(CLIENT)
			.id("cc-1")
			.principalName("wiki")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(Set.of("api"))
			.token(accessToken(Set.of("api")), (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
					Map.of("sub", "wiki", "microsys_sso_client_id", "wiki", "exp", NOW.plusSeconds(300))))
			.attribute(Principal.class.getName(), client)
			.build();

		OAuth2Authorization read = roundTrip(grant);

		assertThat(read).usingRecursiveComparison().ignoringFields("attributes").isEqualTo(grant);
		assertThat(read.getAttributes()).containsOnlyKeys(grant.getAttributes().keySet());
		// Kept as who the app was and how it authenticated, not as the whole registration.
		OAuth2ClientAuthenticationToken principal = read.getAttribute(Principal.class.getName());
		assertThat(principal.getPrincipal()).isEqualTo(CLIENT.getClientId());
		assertThat(principal.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(hasJavaStream(AuthorizationPayloads.write(grant))).isFalse();
	}

	@Test
	void readWhenDeviceGrantThenCodesKept() {
		OAuth2Authorization grant = OAuth2Authorization.withRegisteredClient(CLIENT)
			.id("device-1")
			.principalName("wiki")
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.token(new OAuth2DeviceCode("device-code", NOW, NOW.plusSeconds(600)))
			.token(new OAuth2UserCode("WDJB-MJHT", NOW, NOW.plusSeconds(600)))
			.attribute(OAuth2ParameterNames.SCOPE, Set.of("openid"))
			.build();

		assertSame(roundTrip(grant), grant);
	}

	@Test
	void readWhenAttributesOfOtherKindsThenEachKeptWithItsType() {
		OAuth2Authorization grant = pending().attribute("int", 7)
			.attribute("long", 7L)
			.attribute("double", 0.5)
			.attribute("uri", URI.create("https://wiki.example.com/"))
			.attribute("nested", Map.of("list", List.of(1, "two", false), "empty", Map.of()))
			.attribute("grant", AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute("long-text", "é".repeat(40_000))
			.build();

		OAuth2Authorization read = roundTrip(grant);

		assertSame(read, grant);
		assertThat((Object) read.getAttribute("long")).isInstanceOf(Long.class);
		assertThat((Object) read.getAttribute("int")).isInstanceOf(Integer.class);
		assertThat(hasJavaStream(AuthorizationPayloads.write(grant))).isFalse();
	}

	@Test
	void writeWhenAValueIsOfATypeNotOnTheListThenRefusedInsteadOfJavaSerialization() {
		Map<Object, Object> numberKeys = new LinkedHashMap<>();
		numberKeys.put(1, "one");
		UsernamePasswordAuthenticationToken oddPerson = UsernamePasswordAuthenticationToken.authenticated(
				SsoUserDetails.restored("u", 1, "a", "en", false, false), null, List.of(new OtherAuthority("ODD")));

		for (Object value : List.of(new String[] { "a", "b" }, new Custom("x", 3), numberKeys, oddPerson)) {
			OAuth2Authorization grant = pending().attribute("value", value).build();
			assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationPayloads.write(grant))
				.withMessageContaining(value.getClass().getName());
		}
	}

	@Test
	void readWhenVersionTwoHoldsJavaSerializationThenOnlyAllowedClassesAreCreated() throws IOException {
		byte[] allowed = withJavaValue(javaSerialized(new java.util.ArrayList<>(List.of("a", "b"))));
		byte[] notAllowed = withJavaValue(javaSerialized(new Custom("x", 3)));

		assertThat((Object) AuthorizationPayloads.read(allowed).getAttribute("value")).isEqualTo(List.of("a", "b"));
		assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationPayloads.read(notAllowed))
			.withCauseInstanceOf(java.io.InvalidClassException.class);
	}

	@Test
	void readJavaSerializedWhenAGrantOfAnEarlierVersionThenReadAndWhenItHoldsAnotherClassThenRefused()
			throws Exception {
		UsernamePasswordAuthenticationToken person = UsernamePasswordAuthenticationToken.authenticated(
				SsoUserDetails.restored("u", 1, "alice", "ar", true, false), null,
				List.of(new SimpleGrantedAuthority("ROLE_USER"),
						FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD").issuedAt(NOW).build()));
		OAuth2Authorization earlier = redeemed().attribute(Principal.class.getName(), person).build();
		OAuth2Authorization planted = redeemed().attribute("gadget", new java.util.PriorityQueue<>(List.of(1)))
			.build();

		Object read = AuthorizationPayloads.readJavaSerialized(javaSerialized(earlier));
		assertSame((OAuth2Authorization) read, earlier);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> AuthorizationPayloads.readJavaSerialized(javaSerialized(planted)))
			.isInstanceOf(java.io.InvalidClassException.class);
	}

	/** A version 2 payload whose attribute {@code value} was written by Java serialization. */
	private static byte[] withJavaValue(byte[] java) throws IOException {
		byte[] payload = AuthorizationPayloads.write(pending().attribute("value", "PLACEHOLDER").build());
		payload[1] = 2;
		byte[] marker = new byte[] { 1, 0, 0, 0, 11, 'P', 'L', 'A', 'C', 'E', 'H', 'O', 'L', 'D', 'E', 'R' };
		int at = indexOf(payload, marker);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(payload, 0, at);
		out.write(15); // the tag of a Java-serialized value in versions 1 and 2
		out.write(new byte[] { (byte) (java.length >>> 24), (byte) (java.length >>> 16), (byte) (java.length >>> 8),
				(byte) java.length });
		out.write(java);
		out.write(payload, at + marker.length, payload.length - at - marker.length);
		return out.toByteArray();
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i + part.length <= bytes.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalStateException("marker not found");
	}

	@Test
	void readWhenWrittenInVersionOneThenSameGrant() {
		// Version 1 differs only in having no person or date values of their own; this grant has none.
		OAuth2Authorization redeemed = redeemed().build();
		byte[] payload = AuthorizationPayloads.write(redeemed);
		payload[1] = 1;

		assertSame(AuthorizationPayloads.read(payload), redeemed);
	}

	@Test
	void readWhenNotThisFormatThenRefused() throws IOException {
		byte[] java = javaSerialized(pending().build());
		byte[] compact = AuthorizationPayloads.write(pending().build());
		compact[1] = 99;

		assertThat(AuthorizationPayloads.isCompact(java)).isFalse();
		assertThat(AuthorizationPayloads.isCompact(AuthorizationPayloads.write(pending().build()))).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationPayloads.read(java));
		assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationPayloads.read(compact));
	}

	@Test
	void readWhenSignedInPersonAndDateThenSamePersonFactorsDetailsAndTimeWithoutJavaSerialization() {
		UsernamePasswordAuthenticationToken person = UsernamePasswordAuthenticationToken.authenticated(
				SsoUserDetails.restored("6f0e1c4e-user", 7, "Layla", "ar", true, false), null,
				List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(NOW).build(),
						FactorGrantedAuthority.withAuthority("FACTOR_TOTP").issuedAt(NOW.plusSeconds(9)).build(),
						new SimpleGrantedAuthority("SIGN_IN_COMPLETE")));
		person.setDetails(new WebAuthenticationDetails("2001:db8::1", null));
		OAuth2Authorization redeemed = redeemed().attribute(Principal.class.getName(), person)
			.attribute("auth_time", java.util.Date.from(NOW))
			.build();

		byte[] payload = AuthorizationPayloads.write(redeemed);
		OAuth2Authorization read = AuthorizationPayloads.read(payload);

		assertSame(read, redeemed);
		assertThat(hasJavaStream(payload)).isFalse();
		UsernamePasswordAuthenticationToken readPerson = read.getAttribute(Principal.class.getName());
		assertThat(readPerson.isAuthenticated()).isTrue();
		assertThat(readPerson.getCredentials()).isNull();
		SsoUserDetails details = (SsoUserDetails) readPerson.getPrincipal();
		assertThat(details.getUsername()).isEqualTo("6f0e1c4e-user");
		assertThat(details.getUserId()).isEqualTo(7);
		assertThat(details.getLoginName()).isEqualTo("Layla");
		assertThat(details.getLanguage()).isEqualTo("ar");
		assertThat(details.isStaff()).isTrue();
		assertThat(details.isSuperuser()).isFalse();
		assertThat(details.getPassword()).isNull();
		assertThat(readPerson.getAuthorities()).containsExactlyElementsOf(person.getAuthorities());
		assertThat(((FactorGrantedAuthority) readPerson.getAuthorities().iterator().next()).getIssuedAt()).isEqualTo(NOW);
		assertThat(readPerson.getDetails()).isEqualTo(new WebAuthenticationDetails("2001:db8::1", null));
	}

	record OtherAuthority(String authority) implements org.springframework.security.core.GrantedAuthority {

		@Override
		public String getAuthority() {
			return this.authority;
		}

	}

	private static boolean hasJavaStream(byte[] payload) {
		for (int i = 0; i + 1 < payload.length; i++) {
			if (payload[i] == (byte) 0xAC && payload[i + 1] == (byte) 0xED) {
				return true;
			}
		}
		return false;
	}

	@Test
	void writeWhenRedeemedGrantThenSmallerThanJavaSerialization() throws IOException {
		OAuth2Authorization redeemed = redeemed().build();

		assertThat(AuthorizationPayloads.write(redeemed).length).isLessThan(javaSerialized(redeemed).length);
	}

	/**
	 * Time to write and read a redeemed grant, against Java serialization. Run with
	 * {@code -Dmicrosys.timing=true}; it prints and asserts nothing about speed.
	 */
	@Test
	@EnabledIfSystemProperty(named = "microsys.timing", matches = "true")
	void timing() throws Exception {
		OAuth2Authorization grant = redeemed().build();
		byte[] compact = AuthorizationPayloads.write(grant);
		byte[] java = javaSerialized(grant);
		for (int round = 0; round < 5; round++) {
			long t0 = System.nanoTime();
			int n = 20_000;
			for (int i = 0; i < n; i++) {
				AuthorizationPayloads.write(grant);
			}
			long t1 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				AuthorizationPayloads.read(compact);
			}
			long t2 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				javaSerialized(grant);
			}
			long t3 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				javaDeserialized(java);
			}
			long t4 = System.nanoTime();
			System.out.printf("round %d: compact %d bytes write %.1f us read %.1f us | java %d bytes write %.1f us read %.1f us%n",
					round, compact.length, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, java.length, (t3 - t2) / 1e3 / n,
					(t4 - t3) / 1e3 / n);
		}
	}

	record Custom(String name, int count) implements Serializable {
	}

	private static OAuth2Authorization roundTrip(OAuth2Authorization authorization) {
		return AuthorizationPayloads.read(AuthorizationPayloads.write(authorization));
	}

	private static void assertSame(OAuth2Authorization read, OAuth2Authorization original) {
		assertThat(read).usingRecursiveComparison().isEqualTo(original);
		assertThat(read.getId()).isEqualTo(original.getId());
		assertThat(read.getRegisteredClientId()).isEqualTo(original.getRegisteredClientId());
		assertThat(read.getAuthorizationGrantType()).isEqualTo(original.getAuthorizationGrantType());
		assertThat(read.getAuthorizedScopes()).containsExactlyElementsOf(original.getAuthorizedScopes());
		assertThat(read.getAttributes()).containsOnlyKeys(original.getAttributes().keySet());
	}

	private static OAuth2AuthorizationRequest authorizationRequest() {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://sso.example.com/o/authorize")
			.clientId("wiki")
			.redirectUri("https://wiki.example.com/login/oauth2/code/microsys")
			.scopes(Set.of("openid", "profile", "offline_access"))
			.state("xyz")
			.additionalParameters(Map.of("code_challenge", "abc-_", "code_challenge_method", "S256", "nonce", "n-0S6"))
			.build();
	}

	private static OAuth2Authorization.Builder pending() {
		UsernamePasswordAuthenticationToken principal = UsernamePasswordAuthenticationToken.authenticated(
				SsoUserDetails.restored("6f0e1c4e-user", 7, "alice", "en", false, false), null,
				List.of(new SimpleGrantedAuthority("ROLE_USER"),
						FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
							.issuedAt(NOW)
							.build()));
		principal.setDetails(new WebAuthenticationDetails("127.0.0.1", "session-1"));
		return OAuth2Authorization.withRegisteredClient(CLIENT)
			.id("grant-1")
			.principalName("6f0e1c4e-user")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("openid", "profile", "offline_access"))
			.token(new OAuth2AuthorizationCode("code-value", NOW, NOW.plus(5, ChronoUnit.MINUTES)))
			.attribute(OAuth2AuthorizationRequest.class.getName(), authorizationRequest())
			.attribute(Principal.class.getName(), principal)
			.attribute(OAuth2ParameterNames.STATE, "xyz");
	}

	private static OAuth2AccessToken accessToken(Set<String> scopes) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", NOW,
				NOW.plusSeconds(300), scopes);
	}

	private static OAuth2Authorization.Builder redeemed() {
		OAuth2Authorization pending = pending().build();
		Map<String, Object> accessClaims = new LinkedHashMap<>();
		accessClaims.put("iss", "https://sso.example.com/o");
		accessClaims.put("sub", "6f0e1c4e-user");
		accessClaims.put("aud", List.of("wiki"));
		accessClaims.put("iat", NOW);
		accessClaims.put("exp", NOW.plusSeconds(300));
		accessClaims.put("scope", Set.of("openid", "profile", "offline_access"));
		accessClaims.put("microsys_sso_role", "staff");
		accessClaims.put("microsys_sso", Map.of("role", "staff", "client_id", "wiki"));
		Map<String, Object> idClaims = new LinkedHashMap<>(accessClaims);
		idClaims.remove("scope");
		idClaims.put("sid", "c2lk");
		idClaims.put("auth_time", NOW);
		idClaims.put("amr", List.of("pwd"));
		idClaims.put("email_verified", true);
		return OAuth2Authorization.from(pending)
			.invalidate(pending.getToken(OAuth2AuthorizationCode.class).getToken())
			.token(accessToken(Set.of("openid", "profile", "offline_access")),
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, accessClaims))
			.refreshToken(new OAuth2RefreshToken("refresh-value", NOW, NOW.plus(Duration.ofHours(8))))
			.token(new OidcIdToken("eyJhbGciOiJSUzI1NiJ9.id.c2ln", NOW, NOW.plusSeconds(300), idClaims),
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idClaims));
	}

	private static byte[] javaSerialized(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		return bytes.toByteArray();
	}

	private static Object javaDeserialized(byte[] bytes) throws Exception {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return in.readObject();
		}
	}

}
