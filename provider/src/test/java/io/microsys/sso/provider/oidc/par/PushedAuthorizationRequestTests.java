package io.microsys.sso.provider.oidc.par;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.authorization.DatabaseAuthorizationService;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushed authorization requests (RFC 9126) over HTTP: per-app policy, the same checks as a plain
 * request at push time, and a {@code request_uri} that is bound to its app, used once and expires.
 * Run on H2 and on MariaDB.
 */
@ProviderIntegrationTest
class PushedAuthorizationRequestTests {

	private static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatabaseAuthorizationService authorizations;

	PushedAuthorizationRequestTests(Provider provider) {
		this.provider = provider;
	}

	private SsoClient app(Consumer<SsoClient> policy) {
		return this.provider.fixtures().confidentialClient(policy);
	}

	private RelyingParty relyingParty(SsoClient client) {
		return this.provider.relyingParty(client);
	}

	private int grantsOf(SsoClient client) {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ?",
				Integer.class, String.valueOf(client.getId()));
		return (count != null) ? count : 0;
	}

	/** The stored pushed request a request_uri names (its state is the request_uri's tail). */
	private OAuth2Authorization pushedRequest(String requestUri) {
		return this.authorizations.findByToken(requestUri.substring(REQUEST_URI_PREFIX.length()),
				new OAuth2TokenType("state"));
	}

	@Test
	void pushWhenAppAllowsParThenRequestUriLeadsToCodeAndTokensWithRole() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.STAFF);
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();

		RelyingParty.Json pushed = app.push(request);

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(201);
		assertThat(pushed.string("request_uri")).startsWith(REQUEST_URI_PREFIX);
		assertThat(((Number) pushed.body().get("expires_in")).intValue()).isEqualTo(60);
		String code = app.code(new Browser(), request.byReference(pushed.string("request_uri")), user.getUsername(),
				TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		assertThat(app.verify(tokens.string("id_token")).getClaim("nonce")).isEqualTo(request.nonce);
		assertThat(app.verify(tokens.string("id_token")).getClaim("microsys_sso_role")).isEqualTo("staff");
		assertThat(app.verify(tokens.string("access_token")).getClaim("microsys_sso_role")).isEqualTo("staff");
		assertThat(pushedRequest(pushed.string("request_uri"))).as("used up").isNull();
	}

	@Test
	void pushWhenAppRequiresParThenAllowedWithoutAllowPar() {
		SsoClient client = app((c) -> c.getPolicy().setRequirePar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();

		RelyingParty.Json pushed = app.push(request);

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(201);
		assertThat(app.code(new Browser(), request.byReference(pushed.string("request_uri")), user.getUsername(),
				TestFixtures.PASSWORD)).isNotBlank();
	}

	@Test
	void authorizeWhenPushedRequestNeedsConsentThenConsentPageThenCode() {
		SsoClient client = app((c) -> {
			c.getPolicy().setAllowPar(true);
			c.getPolicy().setRequireConsent(true);
		});
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();
		String requestUri = app.push(request).string("request_uri");
		Browser browser = new Browser();

		HttpResponse<String> page = app.authorize(browser, request.byReference(requestUri), user.getUsername(),
				TestFixtures.PASSWORD);
		assertThat(page.uri().getPath()).isEqualTo("/accounts/consent");
		HttpResponse<String> allowed = browser.followWithin(browser.submitForm(page, "form#allow", Map.of()),
				app.origin());

		Map<String, String> query = app.redirectQuery(allowed);
		assertThat(query).containsKey("code").containsEntry("state", request.state);
		assertThat(app.exchange(query.get("code"), request.pkce.verifier()).status()).isEqualTo(200);
		assertThat(pushedRequest(requestUri)).as("used up").isNull();
	}

	@Test
	void authorizeWhenPersonNotMemberOfPushingAppThenAccessDeniedAtRedirectUri() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		SsoUser stranger = this.provider.fixtures().user();
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();
		String requestUri = app.push(request).string("request_uri");

		HttpResponse<String> response = app.authorize(new Browser(), request.byReference(requestUri),
				stranger.getUsername(), TestFixtures.PASSWORD);

		assertThat(app.redirectQuery(response)).containsEntry("error", "access_denied")
			.containsEntry("state", request.state)
			.doesNotContainKey("code");
	}

	@Test
	void pushWhenAppWithoutAllowParThenUnauthorizedClientAndNothingStored() {
		SsoClient client = app((c) -> {
		});
		RelyingParty app = relyingParty(client);

		RelyingParty.Json pushed = app.push(app.request());

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(400);
		assertThat(pushed.string("error")).isEqualTo("unauthorized_client");
		assertThat(pushed.string("error_description")).contains("allow_par");
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void authorizeWhenAppRequiresParAndRequestIsPlainThenInvalidRequestAtRedirectUri() {
		SsoClient client = app((c) -> c.getPolicy().setRequirePar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();

		HttpResponse<String> response = app.authorize(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);

		Map<String, String> query = app.redirectQuery(response);
		assertThat(query).containsEntry("error", "invalid_request")
			.containsEntry("state", request.state)
			.containsEntry("iss", this.provider.issuer())
			.doesNotContainKey("code");
		assertThat(query.get("error_description")).contains("push");
	}

	@Test
	void authorizeWhenRequestUriUsedTwiceThenSecondRefused() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();
		String requestUri = app.push(request).string("request_uri");
		Browser browser = new Browser();
		app.code(browser, request.byReference(requestUri), user.getUsername(), TestFixtures.PASSWORD);

		HttpResponse<String> again = browser.get(request.url());

		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void authorizeWhenRequestUriExpiredThenRefusedAndPurged() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = relyingParty(client);
		RelyingParty.Request request = app.request();
		String requestUri = app.push(request).string("request_uri");
		OAuth2Authorization stored = pushedRequest(requestUri);
		Instant expiresAt = this.jdbc.queryForObject("SELECT expires_at FROM oauth2_authorization WHERE id = ?",
				Timestamp.class, stored.getId()).toInstant();
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
		// Ten minutes later, as far as the store is concerned (past the expiry and the purge's grace).
		this.jdbc.update("UPDATE oauth2_authorization SET expires_at = ? WHERE id = ?",
				Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))), stored.getId());

		HttpResponse<String> response = app.authorize(new Browser(), request.byReference(requestUri),
				user.getUsername(), TestFixtures.PASSWORD);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		this.authorizations.purgeExpired();
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void authorizeWhenRequestUriOfAnotherAppThenRefused() {
		SsoClient pusher = app((c) -> c.getPolicy().setAllowPar(true));
		SsoClient other = app((c) -> c.getPolicy().setAllowPar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(pusher, user, MembershipRole.USER);
		this.provider.fixtures().membership(other, user, MembershipRole.USER);
		RelyingParty app = relyingParty(pusher);
		String requestUri = app.push(app.request()).string("request_uri");
		RelyingParty otherApp = relyingParty(other);

		HttpResponse<String> response = otherApp.authorize(new Browser(), otherApp.request().byReference(requestUri),
				user.getUsername(), TestFixtures.PASSWORD);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void pushWhenRedirectUriNotRegisteredThenInvalidRequestAndNothingStored() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		RelyingParty app = relyingParty(client);

		RelyingParty.Json pushed = app.push(app.request().with("redirect_uri", "https://attacker.example/cb"));

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(400);
		assertThat(pushed.string("error")).isEqualTo("invalid_request");
		assertThat(pushed.string("error_description")).contains("redirect_uri");
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void pushWhenPkceRequiredAndNoCodeChallengeThenInvalidRequest() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		RelyingParty app = relyingParty(client);

		RelyingParty.Json pushed = app.push(app.request().with("code_challenge", null).with("code_challenge_method", null));

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(400);
		assertThat(pushed.string("error")).isEqualTo("invalid_request");
		assertThat(pushed.string("error_description")).contains("code_challenge");
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void pushWhenScopeNotAllowedThenInvalidScope() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		RelyingParty app = relyingParty(client);

		RelyingParty.Json pushed = app.push(app.request().with("scope", "openid admin:everything"));

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(400);
		assertThat(pushed.string("error")).isEqualTo("invalid_scope");
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void pushWhenParametersMissingRepeatedOrOversizedThenReadableOAuthErrors() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		RelyingParty app = relyingParty(client);
		String par = this.provider.issuer() + "/par";
		Browser http = new Browser();
		String basic = java.util.Base64.getEncoder()
			.encodeToString((client.getClientId() + ":" + TestFixtures.SECRET).getBytes());
		String repeated = Browser.urlEncode(app.request().parameters()) + "&scope=openid";

		RelyingParty.Json missing = app.push(app.request().with("response_type", null));
		RelyingParty.Json withRequestUri = app.push(app.request().with("request_uri", REQUEST_URI_PREFIX + "x"));
		RelyingParty.Json oversized = app.push(app.request().with("state", "s".repeat(5000)));
		RelyingParty.Json twice = RelyingParty.Json.of(http.send(HttpRequest.newBuilder(URI.create(par))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + basic)
			.POST(HttpRequest.BodyPublishers.ofString(repeated))
			.build()));
		RelyingParty.Json anonymous = new RelyingParty(this.provider.issuer(), client.getClientId(), null,
				TestFixtures.REDIRECT_URI).push(app.request());
		HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(par)).GET().build());

		for (RelyingParty.Json answer : List.of(missing, withRequestUri, oversized, twice)) {
			assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
			assertThat(answer.string("error")).as(answer.raw()).isEqualTo("invalid_request");
		}
		assertThat(anonymous.status()).as(anonymous.raw()).isEqualTo(401);
		assertThat(anonymous.string("error")).isEqualTo("invalid_client");
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void pushWhenSecretSentInFormThenNotKeptWithTheRequest() {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		RelyingParty app = relyingParty(client);
		Map<String, String> form = new LinkedHashMap<>(app.request().parameters());
		form.put("client_secret", TestFixtures.SECRET);
		RelyingParty anonymous = new RelyingParty(this.provider.issuer(), client.getClientId(), null,
				TestFixtures.REDIRECT_URI);

		RelyingParty.Json pushed = anonymous.callEndpoint("/par", form);

		assertThat(pushed.status()).as(pushed.raw()).isEqualTo(201);
		OAuth2AuthorizationRequest stored = pushedRequest(pushed.string("request_uri"))
			.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(stored.getAdditionalParameters()).containsKey("code_challenge").doesNotContainKey("client_secret");
	}

	@Test
	void authorizeWhenSameRequestUriSentByManyAtOnceThenExactlyOneCode() throws Exception {
		SsoClient client = app((c) -> c.getPolicy().setAllowPar(true));
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = relyingParty(client);
		Browser browser = new Browser();
		app.code(browser, app.request(), user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Request request = app.request();
		String url = request.byReference(app.push(request).string("request_uri")).url();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<HttpResponse<String>> answers;
		try {
			answers = Simultaneous.all(pool, 16, (thread) -> browser.get(url));
		}
		finally {
			pool.shutdownNow();
		}

		List<HttpResponse<String>> codes = answers.stream()
			.filter((answer) -> Browser.isRedirect(answer) && app.redirectQuery(answer).containsKey("code"))
			.toList();
		assertThat(codes).hasSize(1);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.statusCode()).isIn(302, 400));
		assertThat(app.exchange(app.redirectQuery(codes.get(0)).get("code"), request.pkce.verifier()).status())
			.isEqualTo(200);
	}

}
