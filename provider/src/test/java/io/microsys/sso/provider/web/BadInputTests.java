package io.microsys.sso.provider.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.setup.FirstSuperuser;
import io.microsys.sso.provider.setup.SetupCode;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static io.microsys.sso.provider.support.ErrorResponses.BAD_REQUEST;
import static io.microsys.sso.provider.support.ErrorResponses.FORBIDDEN;
import static io.microsys.sso.provider.support.ErrorResponses.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every endpoint gets a clear 4xx, an OAuth 2.0 error for the protocol or a readable
 * page for people, and changes nothing: never a 500, a stack trace, an exception's name or a
 * half-written row. Its own provider: the setup page needs one without a superuser.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = { "microsys.test.context=bad-input",
		ProviderTestInitializer.DIRECT_CLIENTS + "=true" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTests {

	static final String FORM = "application/x-www-form-urlencoded";

	static final String STRONG = "Vault-Orbit-7-Lantern";

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	FirstSuperuser firstSuperuser;

	@Autowired
	SetupCode setupCode;

	SsoClient client;

	RelyingParty app;

	String base;

	BadInputTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeAll
	void createClient() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		this.base = this.app.origin();
	}

	/** A bad request and what its answer must be. */
	record Bad(String name, HttpRequest request, Consumer<HttpResponse<String>> expected) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Bad bad(String name, HttpRequest request, Consumer<HttpResponse<String>> expected) {
		return new Bad(name, request, expected);
	}

	static Consumer<HttpResponse<String>> oauthError(int status, String error) {
		return (response) -> ErrorResponses.assertOAuthError(response, status, error);
	}

	static Consumer<HttpResponse<String>> errorPage(int status, String sentence) {
		return (response) -> ErrorResponses.assertErrorPage(response, status, sentence);
	}

	/** Refused by the servlet container before the provider sees it: its plain page, no details. */
	static Consumer<HttpResponse<String>> refusedByContainer() {
		return (response) -> {
			ErrorResponses.assertNothingLeaked(response);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("Bad Request");
		};
	}

	/** RFC 6750 §3: 401 with a Bearer challenge, naming the error when a token was sent. */
	static Consumer<HttpResponse<String>> bearerChallenge(String error) {
		return (response) -> {
			ErrorResponses.assertNothingLeaked(response);
			assertThat(response.statusCode()).isEqualTo(401);
			String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
			assertThat(challenge).startsWith("Bearer");
			if (error != null) {
				assertThat(challenge).contains("error=\"" + error + "\"");
			}
			else {
				assertThat(challenge).doesNotContain("error=");
			}
		};
	}

	/** Sends the request, checks the answer, and checks that no authorization or user was stored. */
	void check(Bad bad) {
		int authorizations = count("oauth2_authorization");
		int users = count("sso_user");

		HttpResponse<String> response = new Browser().send(bad.request());

		bad.expected().accept(response);
		assertThat(response.statusCode()).as(bad.name()).isBetween(400, 499);
		assertThat(count("oauth2_authorization")).as("authorizations after " + bad.name()).isEqualTo(authorizations);
		assertThat(count("sso_user")).as("users after " + bad.name()).isEqualTo(users);
	}

	// --- request builders ---

	HttpRequest.Builder under(String path) {
		return HttpRequest.newBuilder(URI.create(this.provider.issuer() + path));
	}

	HttpRequest.Builder page(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", "text/html");
	}

	static HttpRequest post(HttpRequest.Builder request, String contentType, BodyPublisher body) {
		return request.header("Content-Type", contentType).POST(body).build();
	}

	static HttpRequest form(HttpRequest.Builder request, String body) {
		return post(request, FORM, BodyPublishers.ofString(body));
	}

	static String basic(String user, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	HttpRequest.Builder asClient(String path) {
		return under(path).header("Authorization", basic(this.client.getClientId(), TestFixtures.SECRET));
	}

	HttpRequest token(String body) {
		return form(asClient("/token"), body);
	}

	HttpRequest browserGet(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build();
	}

	static String repeat(int length) {
		return "a".repeat(length);
	}

	/** Every byte value: stray {@code %} escapes and invalid UTF-8 in a form body. */
	static byte[] binary() {
		byte[] bytes = new byte[512];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

	static String manyParameters(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "p" + i + "=1").collect(Collectors.joining("&"));
	}

	// --- the token endpoint, revocation and introspection ---

	List<Bad> clientEndpointCases() {
		String clientId = this.client.getClientId();
		return List.of(bad("token without grant_type", token(""), oauthError(400, "invalid_request")),
				bad("token with an unknown grant_type", token("grant_type=urn%3Aexample%3Abogus"),
						oauthError(400, "unsupported_grant_type")),
				bad("token with the password grant", token("grant_type=password&username=a&password=b"),
						oauthError(400, "unsupported_grant_type")),
				bad("token without code", token("grant_type=authorization_code"), oauthError(400, "invalid_request")),
				bad("token with a garbage code",
						token("grant_type=authorization_code&code=zzz&redirect_uri=" + TestFixtures.REDIRECT_URI),
						oauthError(400, "invalid_grant")),
				bad("token with a garbage refresh token", token("grant_type=refresh_token&refresh_token=zzz"),
						oauthError(400, "invalid_grant")),
				bad("token with a scope the client does not have", token("grant_type=client_credentials&scope=admin"),
						oauthError(400, "invalid_scope")),
				bad("token with code twice", token("grant_type=authorization_code&code=a&code=b"),
						oauthError(400, "invalid_request")),
				bad("token with client_id twice",
						form(under("/token"), "grant_type=client_credentials&client_id=" + clientId + "&client_id="
								+ clientId + "&client_secret=" + TestFixtures.SECRET),
						oauthError(400, "invalid_request")),
				bad("token with a 100 KB code", token("grant_type=authorization_code&code=" + repeat(100_000)),
						oauthError(400, "invalid_request")),
				bad("token with a 10 KB client_id",
						form(under("/token"),
								"grant_type=client_credentials&client_secret=x&client_id=" + repeat(10_000)),
						oauthError(400, "invalid_request")),
				bad("token with 2000 parameters", token("grant_type=client_credentials&" + manyParameters(2000)),
						oauthError(400, "invalid_request")),
				bad("token with a body over the form size limit",
						post(asClient("/token"), FORM, BodyPublishers.ofString(repeat(3 * 1024 * 1024))),
						oauthError(400, "invalid_request")),
				bad("token with a bad percent escape", token("grant_type=client_credentials&x=%zz"),
						oauthError(400, "invalid_request")),
				bad("token with invalid UTF-8", token("grant_type=client_credentials&x=%ff%fe"),
						oauthError(400, "invalid_request")),
				bad("token with binary bytes as a form",
						post(asClient("/token"), FORM, BodyPublishers.ofByteArray(binary())),
						oauthError(400, "invalid_request")),
				bad("token with a binary body",
						post(asClient("/token"), "application/octet-stream", BodyPublishers.ofByteArray(binary())),
						oauthError(400, "invalid_request")),
				bad("token with a JSON body",
						post(asClient("/token"), "application/json",
								BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")),
						oauthError(400, "invalid_request")),
				bad("token with a JSON body and no client authentication",
						post(under("/token"), "application/json",
								BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\""
										+ clientId + "\"}")),
						oauthError(401, "invalid_client")),
				bad("token with Content-Type text/plain",
						post(asClient("/token"), "text/plain",
								BodyPublishers.ofString("grant_type=client_credentials")),
						oauthError(400, "invalid_request")),
				bad("token with GET", asClient("/token?grant_type=client_credentials").GET().build(),
						oauthError(405, "invalid_request")),
				bad("token with PUT",
						asClient("/token").header("Content-Type", FORM)
							.PUT(BodyPublishers.ofString("grant_type=client_credentials&x=%zz"))
							.build(),
						oauthError(405, "invalid_request")),
				bad("token with Basic credentials that are not Base64",
						form(under("/token").header("Authorization", "Basic !!!not-base64"),
								"grant_type=client_credentials"),
						oauthError(400, "invalid_request")),
				bad("token with Basic credentials without a colon",
						form(under("/token").header("Authorization", "Basic "
								+ Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8))),
								"grant_type=client_credentials"),
						oauthError(400, "invalid_request")),
				bad("token with empty Basic credentials",
						form(under("/token").header("Authorization", "Basic"), "grant_type=client_credentials"),
						oauthError(400, "invalid_request")),
				bad("token with Basic credentials of an unknown client",
						form(under("/token").header("Authorization", basic("nobody", "nothing")),
								"grant_type=client_credentials"),
						oauthError(401, "invalid_client")),
				bad("token with a wrong client secret",
						form(under("/token").header("Authorization", basic(clientId, "wrong-secret")),
								"grant_type=client_credentials"),
						oauthError(401, "invalid_client")),
				bad("token for an unknown client in the form",
						form(under("/token"), "grant_type=client_credentials&client_id=nobody&client_secret=x"),
						oauthError(401, "invalid_client")),
				bad("token without client authentication", form(under("/token"), "grant_type=client_credentials"),
						oauthError(401, "invalid_client")),
				bad("revoke without token", form(asClient("/revoke"), ""), oauthError(400, "invalid_request")),
				bad("revoke without client authentication", form(under("/revoke"), "token=x"),
						oauthError(401, "invalid_client")),
				bad("revoke with GET", asClient("/revoke?token=x").GET().build(), oauthError(405, "invalid_request")),
				bad("introspect without token", form(asClient("/introspect"), ""), oauthError(400, "invalid_request")),
				bad("introspect without client authentication", form(under("/introspect"), "token=x"),
						oauthError(401, "invalid_client")),
				bad("introspect with a wrong client secret",
						form(under("/introspect").header("Authorization", basic(clientId, "wrong-secret")), "token=x"),
						oauthError(401, "invalid_client")),
				bad("introspect with a 10 KB token", form(asClient("/introspect"), "token=" + repeat(10_000)),
						oauthError(400, "invalid_request")),
				bad("JWKS with POST", form(under("/.well-known/jwks.json"), ""), oauthError(405, "invalid_request")),
				bad("discovery with POST", form(under("/.well-known/openid-configuration"), ""),
						oauthError(405, "invalid_request")),
				bad("discovery with invalid UTF-8 in the query",
						under("/.well-known/openid-configuration?x=%C3%28").GET().build(),
						oauthError(400, "invalid_request")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clientEndpointCases")
	void clientEndpointWhenRequestIsBadThenOAuthErrorAndNothingStored(Bad bad) {
		check(bad);
	}

	@Test
	void revokeWhenTokenIsUnknownThenOkAndTheClientsTokensStillActive() {
		String accessToken = this.app.clientCredentials(null).string("access_token");

		RelyingParty.Json revoked = this.app.revoke("garbage");

		assertThat(revoked.status()).as("RFC 7009 §2.2: an invalid token is not an error").isEqualTo(200);
		assertThat(this.app.introspect(accessToken).body()).containsEntry("active", true);
	}

	@Test
	void introspectWhenTokenIsGarbageThenInactiveNotError() {
		RelyingParty.Json introspection = this.app.introspect("garbage");

		assertThat(introspection.status()).isEqualTo(200);
		assertThat(introspection.raw()).isEqualTo("{\"active\":false}");
	}

	// --- the authorization endpoint ---

	String authorizeUrl(String name, String value) {
		return this.app.request().with(name, value).url();
	}

	List<Bad> authorizePageCases() {
		String clientId = this.client.getClientId();
		return List.of(bad("authorize without parameters", browserGet(this.provider.issuer() + "/authorize"),
				errorPage(400, BAD_REQUEST)),
				bad("authorize with an unknown response_type", browserGet(authorizeUrl("response_type", "bogus")),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with response_type=token", browserGet(authorizeUrl("response_type", "token")),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with client_id twice",
						browserGet(this.app.request().url() + "&client_id=" + clientId), errorPage(400, BAD_REQUEST)),
				bad("authorize for an unknown client", browserGet(authorizeUrl("client_id", "nobody")),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with a malformed redirect_uri", browserGet(authorizeUrl("redirect_uri", "http://%zz")),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with a redirect_uri that is not a URI",
						browserGet(authorizeUrl("redirect_uri", ":: not a uri ::")), errorPage(400, BAD_REQUEST)),
				bad("authorize with an unregistered redirect_uri",
						browserGet(authorizeUrl("redirect_uri", "https://evil.example.com/cb")),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with a 6 KB state", browserGet(authorizeUrl("state", repeat(6_000))),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with a 6 KB redirect_uri",
						browserGet(authorizeUrl("redirect_uri", TestFixtures.REDIRECT_URI + repeat(6_000))),
						errorPage(400, BAD_REQUEST)),
				bad("authorize with invalid UTF-8 in the query", browserGet(this.app.request().url() + "&x=%ff%fe"),
						errorPage(400, BAD_REQUEST)),
				bad("authorize posted with a 10 KB state",
						form(under("/authorize").header("Accept", "text/html"),
								URI.create(authorizeUrl("state", repeat(10_000))).getRawQuery()),
						errorPage(400, BAD_REQUEST)),
				bad("authorize without parameters, not from a browser", under("/authorize").GET().build(),
						oauthError(400, "invalid_request")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("authorizePageCases")
	void authorizeWhenRequestIsBadThenErrorPageAndNoRedirect(Bad bad) {
		check(bad);
	}

	static List<Object[]> errorsForTheClient() {
		return List.of(new Object[] { "code_challenge_method", "plain", "invalid_request" },
				new Object[] { "code_challenge", null, "invalid_request" },
				new Object[] { "scope", "openid admin", "invalid_scope" });
	}

	/**
	 * Once the client and its redirect URI are known good, RFC 6749 §4.1.2.1 answers at that URI
	 * with the error and the state: the app, not the person, must hear about its bad request.
	 */
	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("errorsForTheClient")
	void authorizeWhenRequestIsBadForAKnownClientThenErrorAtItsRegisteredRedirectUri(String name, String value,
			String error) {
		int authorizations = count("oauth2_authorization");
		RelyingParty.Request request = this.app.request().with(name, value);

		HttpResponse<String> response = new Browser().get(request.url());

		ErrorResponses.assertNothingLeaked(response);
		assertThat(this.app.redirectQuery(response)).containsEntry("error", error)
			.containsEntry("state", request.state)
			.doesNotContainKey("code");
		assertThat(count("oauth2_authorization")).isEqualTo(authorizations);
	}

	// --- userinfo ---

	List<Bad> userinfoCases() {
		return List.of(bad("userinfo without token", under("/userinfo").GET().build(), bearerChallenge(null)),
				bad("userinfo with Basic credentials",
						asClient("/userinfo").GET().build(), bearerChallenge(null)),
				bad("userinfo with a garbage token", bearer("garbage"), bearerChallenge("invalid_token")),
				bad("userinfo with an unsigned token (alg=none)",
						bearer(unsigned()), bearerChallenge("invalid_token")),
				bad("userinfo with a token signed by another key", bearer(signed(foreignKey(), JWSAlgorithm.RS256)),
						bearerChallenge("invalid_token")),
				bad("userinfo with a token signed with HS256", bearer(signed(hmacKey(), JWSAlgorithm.HS256)),
						bearerChallenge("invalid_token")),
				bad("userinfo with an expired token of the provider", bearer(expiredProviderToken()),
						bearerChallenge("invalid_token")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userinfoCases")
	void userinfoWhenTokenIsBadThenBearerChallenge(Bad bad) {
		check(bad);
	}

	HttpRequest bearer(String token) {
		return under("/userinfo").header("Authorization", "Bearer " + token).GET().build();
	}

	JWTClaimsSet claims(Instant expiry) {
		return new JWTClaimsSet.Builder().issuer(this.provider.issuer())
			.subject("someone")
			.audience(this.client.getClientId())
			.claim("scope", "openid profile")
			.issueTime(Date.from(expiry.minusSeconds(300)))
			.expirationTime(Date.from(expiry))
			.build();
	}

	String unsigned() {
		String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(claims(Instant.now().plusSeconds(300)).toString().getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

	/** The id of the provider's current signing key, so forged tokens point at a real key. */
	String providerKeyId() {
		try {
			return JWKSet.parse(new Browser().get(this.provider.issuer() + "/.well-known/jwks.json").body()).getKeys().get(0)
				.getKeyID();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JWSSigner foreignKey() {
		try {
			return new RSASSASigner(new RSAKeyGenerator(2048).generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JWSSigner hmacKey() {
		try {
			return new MACSigner(repeat(32).getBytes(StandardCharsets.UTF_8));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String signed(JWSSigner signer, JWSAlgorithm algorithm) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(providerKeyId()).build(),
					claims(Instant.now().plusSeconds(300)));
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Signed with the provider's own key, but expired an hour ago. */
	@SuppressWarnings("unchecked")
	String expiredProviderToken() {
		Instant expiry = Instant.now().minusSeconds(3600);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.provider.issuer())
			.subject("someone")
			.audience(List.of(this.client.getClientId()))
			.claim("scope", "openid profile")
			.issuedAt(expiry.minusSeconds(300))
			.expiresAt(expiry)
			.build();
		return new NimbusJwtEncoder((JWKSource<SecurityContext>) this.context.getBean(JWKSource.class))
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	// --- RP-initiated logout ---

	List<Bad> logoutCases() {
		return List.of(
				bad("logout without parameters", browserGet(this.provider.issuer() + "/logout"), errorPage(400, BAD_REQUEST)),
				bad("logout with a garbage id_token_hint", browserGet(this.provider.issuer() + "/logout?id_token_hint=garbage"),
						errorPage(400, BAD_REQUEST)),
				bad("logout to an unregistered post_logout_redirect_uri",
						browserGet(this.provider.issuer() + "/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example.com%2F"),
						errorPage(400, BAD_REQUEST)),
				bad("logout with a token signed by another key as id_token_hint",
						browserGet(this.provider.issuer() + "/logout?id_token_hint=" + signed(foreignKey(), JWSAlgorithm.RS256)),
						errorPage(400, BAD_REQUEST)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("logoutCases")
	void logoutWhenRequestIsBadThenErrorPageAndNoRedirect(Bad bad) {
		check(bad);
	}

	@Test
	void logoutWhenPostLogoutRedirectUriIsNotRegisteredThenNoRedirectAndStillSignedIn() {
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, user, MembershipRole.USER);
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();
		String code = this.app.code(browser, request, user.getUsername(), TestFixtures.PASSWORD);
		String idToken = this.app.exchange(code, request.pkce.verifier()).string("id_token");

		HttpResponse<String> logout = browser.get(this.provider.issuer() + "/logout?" + Browser.urlEncode(Map.of("id_token_hint",
				idToken, "post_logout_redirect_uri", "https://evil.example.com/", "state", "bye")));

		ErrorResponses.assertErrorPage(logout, 400, BAD_REQUEST);
		assertThat(browser.get(this.base + "/").body()).contains("You are signed in as " + user.getUsername());
	}

	// --- pages ---

	List<Bad> pageCases() {
		return List.of(bad("sign-in without CSRF token", form(page("/accounts/login"), "username=a&password=b"),
				errorPage(403, FORBIDDEN)),
				bad("setup without CSRF token",
						form(page("/sys/setup"), "username=root&email=root%40example.com&password=" + STRONG
								+ "&passwordConfirm=" + STRONG),
						errorPage(403, FORBIDDEN)),
				bad("sign-in form over the size limit",
						post(page("/accounts/login"), FORM, BodyPublishers.ofString(repeat(3 * 1024 * 1024))),
						errorPage(400, BAD_REQUEST)),
				bad("sign-in form with 2000 fields", form(page("/accounts/login"), manyParameters(2000)),
						errorPage(400, BAD_REQUEST)),
				bad("sign-in form with a bad percent escape", form(page("/accounts/login"), "username=%zz"),
						errorPage(400, BAD_REQUEST)),
				bad("sign-in form sent with PUT and a bad percent escape",
						page("/accounts/login").header("Content-Type", FORM)
							.PUT(BodyPublishers.ofString("username=%zz"))
							.build(),
						errorPage(403, FORBIDDEN)),
				bad("page with an undecodable language", page("/accounts/login?lang=%00%ff").GET().build(),
						errorPage(400, BAD_REQUEST)),
				bad("page with invalid UTF-8 in the query", page("/accounts/login?q=%C3%28").GET().build(),
						errorPage(400, BAD_REQUEST)),
				bad("the error page asked for directly", page("/error").GET().build(), errorPage(404, NOT_FOUND)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("pageCases")
	void pageWhenRequestIsBadThenReadableErrorPage(Bad bad) {
		check(bad);
	}

	/** Over Tomcat's 8 KB limit for the request line and headers: refused before the provider. */
	List<Bad> containerLimitCases() {
		return List.of(bad("authorize with a 10 KB state", browserGet(authorizeUrl("state", repeat(10_000))),
				refusedByContainer()),
				bad("authorize with a 10 KB redirect_uri",
						browserGet(authorizeUrl("redirect_uri", TestFixtures.REDIRECT_URI + repeat(10_000))),
						refusedByContainer()),
				bad("page with a 20 KB cookie",
						page("/accounts/login").header("Cookie", "x=" + repeat(20_000)).GET().build(),
						refusedByContainer()),
				bad("page with a 20 KB query", page("/accounts/login?q=" + repeat(20_000)).GET().build(),
						refusedByContainer()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("containerLimitCases")
	void requestWhenOverContainerLimitsThenPlainBadRequest(Bad bad) {
		check(bad);
	}

	@ParameterizedTest
	@ValueSource(strings = { ";;;,,,q=abc", "*;q=x", "ar;q=2", "en-", "x-invalid-tag-that-is-far-too-long-to-be-real" })
	void loginPageWhenAcceptLanguageIsMalformedThenEnglishPage(String acceptLanguage) {
		HttpResponse<String> page = new Browser()
			.send(page("/accounts/login").header("Accept-Language", acceptLanguage).GET().build());

		ErrorResponses.assertNothingLeaked(page);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<html lang=\"en\" dir=\"ltr\">", "Sign in");
	}

	@Test
	void unknownPageWhenSignedInThenReadableNotFoundPage() {
		Browser browser = signedIn(this.provider.fixtures().user());

		HttpResponse<String> page = browser.get(this.base + "/no/such/page");

		ErrorResponses.assertErrorPage(page, 404, NOT_FOUND);
	}

	Browser signedIn(SsoUser user) {
		Browser browser = new Browser();
		HttpResponse<String> home = browser.followWithin(browser.submitForm(browser.get(this.base + "/accounts/login"),
				Map.of("username", user.getUsername(), "password", TestFixtures.PASSWORD)), this.base);
		assertThat(home.body()).contains("You are signed in as " + user.getUsername());
		return browser;
	}

	List<Object[]> badSignIns() {
		return List.of(new Object[] { "a 100 KB username", repeat(100_000), "x" },
				new Object[] { "empty fields", "", "" },
				new Object[] { "a 100 KB password", this.provider.fixtures().user().getUsername(), repeat(100_000) });
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badSignIns")
	void loginWhenFieldsAreOversizedOrEmptyThenSignInFailedPage(String name, String username, String password) {
		Browser browser = new Browser();

		HttpResponse<String> answer = browser.submitForm(browser.get(this.base + "/accounts/login"),
				Map.of("username", username, "password", password));

		assertThat(Browser.location(answer)).endsWith("/accounts/login?error");
		HttpResponse<String> page = browser.followWithin(answer, this.base);
		ErrorResponses.assertNothingLeaked(page);
		assertThat(page.body()).contains("The username or password is not correct.");
		assertThat(Browser.location(browser.get(this.base + "/"))).endsWith("/accounts/login");
	}

	// --- first-launch setup ---

	static List<Object[]> invalidSetups() {
		Map<String, String> valid = Map.of("username", "root", "email", "root@example.com", "password", STRONG,
				"passwordConfirm", STRONG);
		return List.of(
				setup("an invalid email", valid, Map.of("email", "not-an-email"), "Enter a valid email address."),
				setup("a short password", valid, Map.of("password", "short", "passwordConfirm", "short"),
						"The password must have at least 8 characters."),
				setup("passwords that differ", valid, Map.of("passwordConfirm", STRONG + "x"),
						"The two passwords are not the same."),
				setup("a username with markup", valid, Map.of("username", "<script>alert(1)</script>"),
						"Enter a username of 3 to 150"),
				setup("a 100 KB username", valid, Map.of("username", repeat(100_000)), "Enter a username of 3 to 150"),
				setup("empty fields", valid,
						Map.of("username", "", "email", "", "password", "", "passwordConfirm", ""),
						"Enter a username of 3 to 150"));
	}

	static Object[] setup(String name, Map<String, String> valid, Map<String, String> change, String message) {
		Map<String, String> form = new LinkedHashMap<>(valid);
		form.putAll(change);
		return new Object[] { name, form, message };
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSetups")
	void setupWhenFormIsInvalidThenFormAgainWithMessageAndNoUser(String name, Map<String, String> form,
			String message) {
		int users = count("sso_user");
		Browser browser = new Browser();
		Map<String, String> withCode = new LinkedHashMap<>(form);
		withCode.put("code", this.setupCode.issue());

		HttpResponse<String> answer = browser.submitForm(browser.get(this.base + "/sys/setup"), withCode);

		ErrorResponses.assertNothingLeaked(answer);
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains(message, "<form method=\"post\" action=\"/sys/setup\">")
			.doesNotContain("<script>alert(1)</script>");
		assertThat(count("sso_user")).isEqualTo(users);
		assertThat(this.firstSuperuser.needed()).isTrue();
	}

	@Test
	void setupWhenSuperuserExistsThenAlreadySetUpForGetAndPost() {
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
		try {
			Browser browser = new Browser();
			String csrf = Browser.csrfToken(browser.get(this.base + "/accounts/login"));
			int users = count("sso_user");

			HttpResponse<String> page = browser.get(this.base + "/sys/setup");
			HttpResponse<String> posted = browser.post(this.base + "/sys/setup", Map.of("_csrf", csrf, "code",
					this.setupCode.issue(), "username", "intruder", "email", "intruder@example.com", "password",
					STRONG, "passwordConfirm", STRONG));

			for (HttpResponse<String> answer : List.of(page, posted)) {
				ErrorResponses.assertNothingLeaked(answer);
				assertThat(answer.statusCode()).isEqualTo(404);
				assertThat(answer.body()).contains("Microsys SSO is already set up", "href=\"/accounts/login\"");
			}
			assertThat(count("sso_user")).isEqualTo(users);
		}
		finally {
			this.provider.fixtures().updateUser(superuser, (u) -> u.setSuperuser(false));
		}
	}

	int count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
	}

}
