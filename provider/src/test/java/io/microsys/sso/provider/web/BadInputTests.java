package io.microsys.sso.provider.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every endpoint gets a clear 4xx — an OAuth2 error or a readable page — and changes
 * nothing: never a 500, a stack trace or a half-written row.
 */
@ProviderIntegrationTest
class BadInputTests {

	static final String BIG = "a".repeat(100_000);

	@Value("${microsys.sso.issuer}")
	String issuer;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	static SsoClient client;

	String base;

	@BeforeEach
	void setUp() {
		this.base = this.issuer.substring(0, this.issuer.length() - 2);
		if (client == null) {
			client = new TestFixtures(this.context).confidentialClient((c) -> {
			});
		}
	}

	/** One bad request: built from the base URL, the issuer and the client. */
	record Case(String name, Function<BadInputTests, HttpRequest> request, boolean oauthJson) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static HttpRequest.Builder at(String url) {
		return HttpRequest.newBuilder(URI.create(url));
	}

	static HttpRequest form(String url, String body, String basicUser, String basicSecret) {
		HttpRequest.Builder builder = at(url).header("Content-Type", "application/x-www-form-urlencoded");
		if (basicUser != null) {
			builder.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((basicUser + ":" + basicSecret).getBytes(StandardCharsets.UTF_8)));
		}
		return builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
	}

	HttpRequest token(String body) {
		return form(this.issuer + "/token", body, client.getClientId(), TestFixtures.SECRET);
	}

	String authorize(String query) {
		return this.issuer + "/authorize?" + query;
	}

	String validAuthorizeQuery() {
		return "response_type=code&client_id=" + client.getClientId() + "&redirect_uri="
				+ TestFixtures.REDIRECT_URI + "&scope=openid&state=s&code_challenge=" + "c".repeat(43)
				+ "&code_challenge_method=S256";
	}

	static List<Case> cases() {
		return List.of(new Case("token without grant_type", (t) -> t.token(""), true),
				new Case("token with unknown grant_type", (t) -> t.token("grant_type=password"), true),
				new Case("token without code", (t) -> t.token("grant_type=authorization_code"), true),
				new Case("token with garbage code",
						(t) -> t.token("grant_type=authorization_code&code=zzz&redirect_uri=" + TestFixtures.REDIRECT_URI),
						true),
				new Case("token with repeated code", (t) -> t.token("grant_type=authorization_code&code=a&code=b"),
						true),
				new Case("token with repeated grant_type",
						(t) -> t.token("grant_type=client_credentials&grant_type=client_credentials"), true),
				new Case("token with repeated client_id",
						(t) -> form(t.issuer + "/token",
								"grant_type=client_credentials&client_id=a&client_id=b&client_secret=x", null, null),
						true),
				new Case("token with a 100 KB code", (t) -> t.token("grant_type=authorization_code&code=" + BIG),
						true),
				new Case("token with a 10 KB client_id",
						(t) -> form(t.issuer + "/token", "grant_type=client_credentials&client_secret=x&client_id="
								+ BIG.substring(0, 10_000), null, null),
						true),
				new Case("token with a JSON body",
						(t) -> at(t.issuer + "/token").header("Content-Type", "application/json")
							.header("Authorization", "Basic " + Base64.getEncoder()
								.encodeToString((client.getClientId() + ":" + TestFixtures.SECRET).getBytes()))
							.POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
							.build(),
						true),
				new Case("token with GET", (t) -> at(t.issuer + "/token?grant_type=client_credentials").GET().build(),
						false),
				new Case("token with Basic auth that is not Base64",
						(t) -> at(t.issuer + "/token").header("Authorization", "Basic !!!not-base64")
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
							.build(),
						true),
				new Case("token with Basic auth without colon",
						(t) -> at(t.issuer + "/token")
							.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
							.build(),
						true),
				new Case("token with empty Basic auth",
						(t) -> at(t.issuer + "/token").header("Authorization", "Basic ")
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
							.build(),
						true),
				new Case("token for an unknown client",
						(t) -> form(t.issuer + "/token", "grant_type=client_credentials", "nobody", "nothing"), true),
				new Case("authorize without parameters", (t) -> at(t.authorize("")).GET().build(), false),
				new Case("authorize with response_type=token",
						(t) -> at(t.authorize(t.validAuthorizeQuery().replace("response_type=code", "response_type=token")))
							.GET()
							.build(),
						false),
				new Case("authorize with repeated client_id",
						(t) -> at(t.authorize(t.validAuthorizeQuery() + "&client_id=" + client.getClientId())).GET().build(),
						false),
				new Case("authorize with a malformed redirect_uri",
						(t) -> at(t.authorize(t.validAuthorizeQuery().replace(TestFixtures.REDIRECT_URI, "http://%25zz")))
							.GET()
							.build(),
						false),
				new Case("authorize with a 6 KB state",
						(t) -> at(t.authorize(t.validAuthorizeQuery().replace("state=s", "state=" + BIG.substring(0, 6000))))
							.GET()
							.build(),
						false),
				new Case("revoke without token",
						(t) -> form(t.issuer + "/revoke", "", client.getClientId(), TestFixtures.SECRET), true),
				new Case("revoke without client authentication", (t) -> form(t.issuer + "/revoke", "token=x", null, null),
						false),
				new Case("introspect without token",
						(t) -> form(t.issuer + "/introspect", "", client.getClientId(), TestFixtures.SECRET), true),
				new Case("introspect without client authentication",
						(t) -> form(t.issuer + "/introspect", "token=x", null, null), false),
				new Case("userinfo without token", (t) -> at(t.issuer + "/userinfo").GET().build(), false),
				new Case("userinfo with a garbage token",
						(t) -> at(t.issuer + "/userinfo").header("Authorization", "Bearer garbage").GET().build(), false),
				new Case("userinfo with an unsigned token",
						(t) -> at(t.issuer + "/userinfo")
							.header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
							.GET()
							.build(),
						false),
				new Case("userinfo with a token signed by another key",
						(t) -> at(t.issuer + "/userinfo").header("Authorization", "Bearer " + foreignToken(t.issuer))
							.GET()
							.build(),
						false),
				new Case("logout with a garbage id_token_hint",
						(t) -> at(t.issuer + "/logout?id_token_hint=garbage").GET().build(), false),
				new Case("logout to an unregistered post_logout_redirect_uri",
						(t) -> at(t.issuer + "/logout?post_logout_redirect_uri=https://evil.example.com/").GET().build(),
						false),
				new Case("login without CSRF token",
						(t) -> form(t.base + "/accounts/login", "username=a&password=b", null, null), false),
				new Case("setup without CSRF token",
						(t) -> form(t.base + "/sys/setup", "username=a&email=a@b.c&password=x&passwordConfirm=x", null,
								null),
						false),
				new Case("page with a 20 KB cookie",
						(t) -> at(t.base + "/accounts/login").header("Cookie", "x=" + BIG.substring(0, 20_000)).GET().build(),
						false),
				new Case("page with a 20 KB query",
						(t) -> at(t.base + "/accounts/login?q=" + BIG.substring(0, 20_000)).GET().build(), false),
				new Case("page with an undecodable parameter",
						(t) -> at(t.base + "/accounts/login?lang=%00%ff").GET().build(), false));
	}

	static String foreignToken(String issuer) {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID("foreign").generate();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("foreign").build(),
					new JWTClaimsSet.Builder().issuer(issuer)
						.subject("someone")
						.expirationTime(new Date(System.currentTimeMillis() + 60_000))
						.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<Arguments> arguments() {
		return cases().stream().map(Arguments::of).toList();
	}

	HttpResponse<String> send(HttpRequest request) throws Exception {
		return HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("arguments")
	void requestWhenInputIsBadThenClearClientErrorAndNothingStored(Case bad) throws Exception {
		int authorizationsBefore = count("oauth2_authorization");
		int usersBefore = count("sso_user");

		HttpResponse<String> response = send(bad.request().apply(this));

		assertThat(response.statusCode()).as(bad.name() + ": " + response.body()).isBetween(400, 499);
		assertThat(response.body()).doesNotContain("Exception", "at org.", "at java.", "Internal Server Error",
				"Apache Tomcat/");
		if (bad.oauthJson()) {
			assertThat(response.body()).as(bad.name()).containsPattern(
					"\"error\":\"(invalid_request|invalid_grant|invalid_client|unsupported_grant_type)\"");
		}
		assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("evil.example.com");
		assertThat(count("oauth2_authorization")).isEqualTo(authorizationsBefore);
		assertThat(count("sso_user")).isEqualTo(usersBefore);
	}

	@Test
	void authorizeWhenBadRequestFromBrowserThenReadableErrorPage() throws Exception {
		HttpResponse<String> page = send(at(authorize("client_id=" + client.getClientId() + "&client_id=x"))
			.header("Accept", "text/html")
			.GET()
			.build());

		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(page.body()).contains("The request could not be understood.");
	}

	@Test
	void unknownPageWhenSignedInThenReadableNotFoundPage() throws Exception {
		Browser browser = new Browser();
		TestFixtures fixtures = new TestFixtures(this.context);
		var user = fixtures.user();
		var login = browser.followWithin(browser.get(this.base + "/"), this.base);
		browser.followWithin(browser.submitForm(login,
				Map.of("username", user.getUsername(), "password", TestFixtures.PASSWORD)), this.base);

		HttpResponse<String> page = browser.get(this.base + "/no/such/page");

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("The page you asked for does not exist.").doesNotContain("Exception");
	}

	@Test
	void introspectWhenGarbageTokenThenInactiveNotError() throws Exception {
		HttpResponse<String> response = send(
				form(this.issuer + "/introspect", "token=garbage", client.getClientId(), TestFixtures.SECRET));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"active\":false}");
	}

	int count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
	}

}
