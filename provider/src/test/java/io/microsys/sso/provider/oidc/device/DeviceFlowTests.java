package io.microsys.sso.provider.oidc.device;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2UserCode;
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
 * The device authorization grant (RFC 8628) over HTTP, as a command-line tool and a person with a
 * browser use it: the device asks for codes and polls, the person signs in and decides at
 * {@code /device}. Run on H2 and on MariaDB.
 */
@ProviderIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceFlowTests {

	static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private static final int THREADS = 24;

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatabaseAuthorizationService authorizations;

	private ExecutorService pool;

	DeviceFlowTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeAll
	void startThreads() {
		this.pool = Executors.newFixedThreadPool(THREADS);
	}

	@AfterAll
	void stopThreads() {
		this.pool.shutdownNow();
	}

	@Test
	void deviceAuthorizationWhenAppDoesNotListTheGrantThenUnauthorizedClientAndNothingStored() {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		RelyingParty app = app(client);

		RelyingParty.Json answer = app.callEndpoint("/device_authorization", Map.of("scope", "openid"));

		assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
		assertThat(answer.string("error")).isEqualTo("unauthorized_client");
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void pollWhenPendingThenPendingThenSlowDownThenApprovedGivesTokensWithTheRole() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		this.provider.fixtures().membership(client, user, MembershipRole.STAFF);
		RelyingParty app = app(client);

		RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of("scope", "openid profile"));

		assertThat(codes.status()).as(codes.raw()).isEqualTo(200);
		String userCode = codes.string("user_code");
		assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
		assertThat(codes.string("verification_uri")).isEqualTo(this.provider.origin() + "/device");
		assertThat(codes.string("verification_uri_complete"))
			.isEqualTo(this.provider.origin() + "/device?user_code=" + userCode);
		assertThat(codes.body()).containsEntry("interval", 5L);
		assertThat(((Number) codes.body().get("expires_in")).longValue()).isPositive();
		String deviceCode = codes.string("device_code");

		assertThat(poll(app, deviceCode).string("error")).isEqualTo("authorization_pending");
		RelyingParty.Json tooFast = poll(app, deviceCode);
		assertThat(tooFast.status()).isEqualTo(400);
		assertThat(tooFast.string("error")).as(tooFast.raw()).isEqualTo("slow_down");

		Browser browser = signedIn(user);
		HttpResponse<String> confirm = browser.get(codes.string("verification_uri_complete"));
		assertThat(confirm.statusCode()).isEqualTo(200);
		Document page = Jsoup.parse(confirm.body());
		assertThat(page.select("#device-code").text()).isEqualTo(userCode);
		assertThat(page.select("#device-app").text()).contains(client.getName());
		HttpResponse<String> done = browser.submitForm(confirm, "#device-approve", Map.of());
		assertThat(Jsoup.parse(done.body()).select("#device-done").attr("data-outcome")).isEqualTo("approved");

		RelyingParty.Json tokens = poll(app, deviceCode);

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		JWTClaimsSet access = app.verify(tokens.string("access_token"));
		assertThat(access.getSubject()).isEqualTo(user.getUuid());
		assertThat(access.getClaim("microsys_sso_role")).isEqualTo("staff");
		JWTClaimsSet id = app.verify(tokens.string("id_token"));
		assertThat(id.getSubject()).isEqualTo(user.getUuid());
		assertThat(id.getAudience()).containsExactly(client.getClientId());
		assertThat(id.getClaim("microsys_sso_role")).isEqualTo("staff");
		assertThat(id.getClaim("auth_time")).isNotNull();
		assertThat(tokens.string("refresh_token")).isNotBlank();
		assertThat(app.userinfo(tokens.string("access_token")).status()).isEqualTo(200);
		RelyingParty.Json refreshed = app.refresh(tokens.string("refresh_token"));
		assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
		RelyingParty.Json again = poll(app, deviceCode);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.string("error")).as("the device code is single-use").isEqualTo("invalid_grant");
		assertThat(auditCount("DEVICE_AUTHORIZATION_APPROVED", user)).isEqualTo(1);
		// The grant is the person's now: ending their access at the app revokes it.
		assertThat(this.authorizations.revokeFor(user.getUuid(), String.valueOf(client.getId()))).isEqualTo(1);
		assertThat(app.introspect(refreshed.string("access_token")).body()).containsEntry("active", false);
	}

	@Test
	void pollWhenPublicAppThenClientIdAloneAndNoRefreshToken() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(false);
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), null,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of("scope", "profile"));
		assertThat(codes.status()).as(codes.raw()).isEqualTo(200);

		approve(signedIn(user), codes.string("user_code"));
		RelyingParty.Json tokens = poll(app, codes.string("device_code"));

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		assertThat(app.verify(tokens.string("access_token")).getClaim("microsys_sso_role")).isEqualTo("user");
		assertThat(tokens.body()).doesNotContainKey("refresh_token").doesNotContainKey("id_token");
	}

	@Test
	void deviceAuthorizationWhenConfidentialAppSendsOnlyItsIdThenInvalidClient() {
		SsoClient client = deviceClient(true);
		RelyingParty withoutSecret = new RelyingParty(this.provider.issuer(), client.getClientId(), null,
				TestFixtures.REDIRECT_URI);

		RelyingParty.Json answer = withoutSecret.callEndpoint("/device_authorization", Map.of());

		assertThat(answer.status()).as(answer.raw()).isEqualTo(401);
		assertThat(answer.string("error")).isEqualTo("invalid_client");
		assertThat(grantsOf(client)).isZero();
	}

	@Test
	void pollWhenPersonDeniedThenAccessDenied() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = app(client);
		RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of());

		Browser browser = signedIn(user);
		HttpResponse<String> confirm = browser.get(this.provider.origin() + "/device?user_code="
				+ codes.string("user_code").toLowerCase().replace("-", ""));
		HttpResponse<String> done = browser.submitForm(confirm, "#device-deny", Map.of());

		assertThat(Jsoup.parse(done.body()).select("#device-done").attr("data-outcome")).isEqualTo("denied");
		RelyingParty.Json answer = poll(app, codes.string("device_code"));
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("error")).as(answer.raw()).isEqualTo("access_denied");
		assertThat(auditCount("DEVICE_AUTHORIZATION_DENIED", user)).isEqualTo(1);
		HttpResponse<String> reuse = browser.get(codes.string("verification_uri_complete"));
		assertThat(Jsoup.parse(reuse.body()).select("#device-problem").text())
			.isEqualTo("That code has already been used.");
	}

	@Test
	void pollWhenCodeExpiredThenExpiredTokenAndThePageSaysSo() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = app(client);
		RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of());
		String deviceCode = codes.string("device_code");
		expire(deviceCode);

		RelyingParty.Json answer = poll(app, deviceCode);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("error")).as(answer.raw()).isEqualTo("expired_token");
		HttpResponse<String> page = signedIn(user).get(codes.string("verification_uri_complete"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(page.body()).select("#device-problem").text())
			.isEqualTo("That code has expired. Start again on your device.");
	}

	@Test
	void approveWhenPersonHasNoMembershipThenDeniedAndNoTokens() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		RelyingParty app = app(client);
		RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of("scope", "openid"));

		HttpResponse<String> done = approve(signedIn(user), codes.string("user_code"));

		assertThat(Jsoup.parse(done.body()).select("#device-done").attr("data-outcome")).isEqualTo("not-allowed");
		RelyingParty.Json answer = poll(app, codes.string("device_code"));
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("error")).as(answer.raw()).isEqualTo("access_denied");
		assertThat(answer.body()).doesNotContainKey("access_token");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization_token t JOIN oauth2_authorization a "
				+ "ON a.id = t.authorization_id WHERE a.registered_client_id = ? AND t.token_type = 'access_token'",
				Integer.class, String.valueOf(client.getId()))).isZero();
	}

	@Test
	void pollWhenMembershipRemovedAfterApprovalThenAccessDenied() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		var membership = this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = app(client);
		RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of());
		approve(signedIn(user), codes.string("user_code"));
		this.provider.fixtures().updateMembership(membership, (m) -> m.setActive(false));

		RelyingParty.Json answer = poll(app, codes.string("device_code"));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("error")).as(answer.raw()).isEqualTo("access_denied");
	}

	@Test
	void pollWhenManyAtOnceAfterApprovalThenExactlyOneGetsTokens() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty app = app(client);
		Browser browser = signedIn(user);
		for (int round = 0; round < 3; round++) {
			RelyingParty.Json codes = app.callEndpoint("/device_authorization", Map.of("scope", "openid"));
			String deviceCode = codes.string("device_code");
			approve(browser, codes.string("user_code"));

			List<RelyingParty.Json> answers = Simultaneous.all(this.pool, THREADS, (i) -> poll(app, deviceCode));

			assertThat(answers).filteredOn((a) -> a.status() == 200).as("%s", answers).hasSize(1);
			assertThat(answers).filteredOn((a) -> a.status() != 200)
				.hasSize(THREADS - 1)
				.allSatisfy((a) -> assertThat(a.string("error")).as(a.raw()).isEqualTo("invalid_grant"));
		}
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization_token t JOIN oauth2_authorization a "
				+ "ON a.id = t.authorization_id WHERE a.registered_client_id = ? AND t.token_type = 'access_token'",
				Integer.class, String.valueOf(client.getId()))).isEqualTo(3);
	}

	@Test
	void pollWhenManyAtOnceWhilePendingThenOneCountedAndTheOthersSlowDown() throws Exception {
		SsoClient client = deviceClient(true);
		RelyingParty app = app(client);
		String deviceCode = app.callEndpoint("/device_authorization", Map.of()).string("device_code");

		List<RelyingParty.Json> answers = Simultaneous.all(this.pool, THREADS, (i) -> poll(app, deviceCode));

		assertThat(answers).allSatisfy((a) -> assertThat(a.status()).as(a.raw()).isEqualTo(400));
		assertThat(answers).filteredOn((a) -> "authorization_pending".equals(a.string("error"))).hasSize(1);
		assertThat(answers).filteredOn((a) -> "slow_down".equals(a.string("error"))).hasSize(THREADS - 1);
	}

	@Test
	void endpointsWhenParametersAreWrongThenReadableOAuthErrors() {
		SsoClient client = deviceClient(true);
		RelyingParty app = app(client);
		String origin = this.provider.issuer();
		Browser raw = new Browser();
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((client.getClientId() + ":" + TestFixtures.SECRET).getBytes());

		assertError(app.callEndpoint("/device_authorization", Map.of("scope", "not-a-scope")), 400, "invalid_scope");
		assertError(form(raw, origin + "/device_authorization", basic, "scope=openid&scope=profile"), 400,
				"invalid_request");
		assertError(form(raw, origin + "/device_authorization", basic, "scope=" + "a".repeat(5000)), 400,
				"invalid_request");
		assertError(form(raw, origin + "/device_authorization", null, ""), 401, "invalid_client");
		assertError(form(raw, origin + "/device_authorization", null, "client_id=" + "x".repeat(300)), 401,
				"invalid_client");
		HttpResponse<String> get = raw.send(HttpRequest.newBuilder(URI.create(origin + "/device_authorization"))
			.header("Authorization", basic)
			.GET()
			.build());
		assertThat(get.statusCode()).isEqualTo(405);

		assertError(app.callEndpoint("/token", Map.of("grant_type", DEVICE_GRANT)), 400, "invalid_request");
		assertError(app.callEndpoint("/token", Map.of("grant_type", DEVICE_GRANT, "device_code", "nope")), 400,
				"invalid_grant");
		assertError(form(raw, origin + "/token", basic, "grant_type=" + DEVICE_GRANT + "&device_code=a&device_code=b"),
				400, "invalid_request");
		assertError(app.callEndpoint("/token", Map.of("grant_type", DEVICE_GRANT, "device_code", "d".repeat(5000))),
				400, "invalid_request");

		SsoClient other = deviceClient(true);
		String othersCode = app(other).callEndpoint("/device_authorization", Map.of()).string("device_code");
		assertError(app.callEndpoint("/token", Map.of("grant_type", DEVICE_GRANT, "device_code", othersCode)), 400,
				"invalid_grant");

		SsoClient withoutGrant = this.provider.fixtures().confidentialClient((c) -> {
		});
		assertError(app(withoutGrant).callEndpoint("/token", Map.of("grant_type", DEVICE_GRANT, "device_code", othersCode)),
				400, "unauthorized_client");
	}

	@Test
	void pageWhenCodeIsWrongMissingRepeatedOrOversizedThenReadableError() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = signedIn(user);
		String device = this.provider.origin() + "/device";

		HttpResponse<String> empty = browser.get(device);
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(empty.body()).select("#device-problem")).isEmpty();
		assertThat(Jsoup.parse(empty.body()).select("#device-enter input[name=user_code]")).hasSize(1);

		for (String query : List.of("?user_code=BCDF-GHJK", "?user_code=hello", "?user_code=BCDF&user_code=GHJK",
				"?user_code=" + "B".repeat(5000))) {
			HttpResponse<String> page = browser.get(device + query);
			assertThat(page.statusCode()).as(query).isEqualTo(200);
			Document document = Jsoup.parse(page.body());
			assertThat(document.select("#device-problem").text()).as(query)
				.isEqualTo("That code is not valid. Check it and try again.");
			assertThat(document.select("#user_code").attr("value").length()).isLessThanOrEqualTo(32);
		}
		HttpResponse<String> noCsrf = browser.post(device, Map.of("user_code", "BCDF-GHJK", "decision", "approve"));
		assertThat(noCsrf.statusCode()).isEqualTo(403);
	}

	@Test
	void pageWhenSignedOutThenSignInFirstAndBackToTheCode() {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty.Json codes = app(client).callEndpoint("/device_authorization", Map.of());
		Browser browser = new Browser();

		HttpResponse<String> login = browser.followWithin(browser.get(codes.string("verification_uri_complete")),
				this.provider.origin());
		assertThat(login.uri().getPath()).isEqualTo("/accounts/login");
		HttpResponse<String> back = browser.followWithin(browser.submitForm(login,
				Map.of("username", user.getUsername(), "password", TestFixtures.PASSWORD)), this.provider.origin());

		assertThat(back.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(back.body()).select("#device-code").text()).isEqualTo(codes.string("user_code"));
	}

	@Test
	void pageWhenWrongCodesRepeatedThenThrottledEvenForTheRightCode() {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true);
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		String userCode = app(client).callEndpoint("/device_authorization", Map.of()).string("user_code");
		Browser browser = signedIn(user).from("198.51.100." + (int) (Math.random() * 200 + 20));
		String device = this.provider.origin() + "/device?user_code=";

		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = browser.get(device + "ZZZZ-ZZZ" + "BCDFG".charAt(i));
			assertThat(Jsoup.parse(wrong.body()).select("#device-problem").text()).isNotEmpty();
		}
		HttpResponse<String> right = browser.get(device + userCode);

		assertThat(right.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(right.body()).select("#device-problem").text())
			.isEqualTo("Too many wrong codes. Try again later.");
		assertThat(Jsoup.parse(right.body()).select("#device-code")).isEmpty();
	}

	@Test
	void pageWhenAppRequiresSecondFactorAndPersonHasNoneThenEnrolmentFirst() {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient(true, (c) -> c.getPolicy().setRequire2fa(true));
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty.Json codes = app(client).callEndpoint("/device_authorization", Map.of());
		Browser browser = signedIn(user);

		HttpResponse<String> page = browser.get(codes.string("verification_uri_complete"));

		assertThat(Browser.isRedirect(page)).as(page.body()).isTrue();
		assertThat(Browser.location(page)).contains("/accounts/profile/two-factor/authenticator");
		String csrf = Browser.csrfToken(browser.get(this.provider.origin() + "/accounts/logout"));
		HttpResponse<String> approve = browser.post(this.provider.origin() + "/device",
				Map.of("user_code", codes.string("user_code"), "decision", "approve", "_csrf", csrf));
		assertThat(Browser.location(approve)).isEqualTo(codes.string("verification_uri_complete"));
		assertThat(poll(app(client), codes.string("device_code")).string("error")).isEqualTo("authorization_pending");
	}

	@Test
	void frameworkVerificationEndpointWhenCalledThenSentToTheProvidersPage() {
		Browser browser = new Browser();

		HttpResponse<String> answer = browser.get(this.provider.issuer() + "/device_verification?user_code=bcdfghjk");

		assertThat(answer.statusCode()).isEqualTo(303);
		assertThat(Browser.location(answer)).isEqualTo(this.provider.origin() + "/device?user_code=BCDF-GHJK");
	}

	private SsoClient deviceClient(boolean confidential) {
		return deviceClient(confidential, (c) -> {
		});
	}

	private SsoClient deviceClient(boolean confidential, java.util.function.Consumer<SsoClient> more) {
		java.util.function.Consumer<SsoClient> customizer = (c) -> {
			c.setGrantTypes(confidential ? List.of(DEVICE_GRANT, "refresh_token") : List.of(DEVICE_GRANT));
			more.accept(c);
		};
		return confidential ? this.provider.fixtures().confidentialClient(customizer)
				: this.provider.fixtures().publicClient(customizer);
	}

	private RelyingParty app(SsoClient client) {
		return this.provider.relyingParty(client);
	}

	static RelyingParty.Json poll(RelyingParty app, String deviceCode) {
		return app.callEndpoint("/token", Map.of("grant_type", DEVICE_GRANT, "device_code", deviceCode));
	}

	/** A browser signed in as the person (password only), on the user-code page. */
	private Browser signedIn(SsoUser user) {
		Browser browser = new Browser();
		HttpResponse<String> login = browser.followWithin(browser.get(this.provider.origin() + "/device"),
				this.provider.origin());
		HttpResponse<String> page = browser.followWithin(browser.submitForm(login,
				Map.of("username", user.getUsername(), "password", TestFixtures.PASSWORD)), this.provider.origin());
		assertThat(page.uri().getPath()).as(page.body()).isEqualTo("/device");
		return browser;
	}

	private HttpResponse<String> approve(Browser browser, String userCode) {
		HttpResponse<String> confirm = browser.get(this.provider.origin() + "/device?user_code=" + userCode);
		return browser.submitForm(confirm, "#device-approve", Map.of());
	}

	/** Moves the device request's expiry into the past, as the stored grant would be once it passed. */
	private void expire(String deviceCode) {
		OAuth2Authorization authorization = this.authorizations.findByToken(deviceCode,
				new OAuth2TokenType("device_code"));
		Instant past = Instant.now().minus(Duration.ofSeconds(1));
		Instant issued = past.minus(Duration.ofMinutes(5));
		OAuth2DeviceCode device = authorization.getToken(OAuth2DeviceCode.class).getToken();
		OAuth2UserCode user = authorization.getToken(OAuth2UserCode.class).getToken();
		this.authorizations.save(OAuth2Authorization.from(authorization)
			.token(new OAuth2DeviceCode(device.getTokenValue(), issued, past))
			.token(new OAuth2UserCode(user.getTokenValue(), issued, past))
			.build());
	}

	private int grantsOf(SsoClient client) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ?",
				Integer.class, String.valueOf(client.getId()));
	}

	private int auditCount(String type, SsoUser user) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND user_uuid = ?",
				Integer.class, type, user.getUuid());
	}

	private static HttpResponse<String> form(Browser browser, String url, String authorization, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return browser.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	private static void assertError(HttpResponse<String> response, int status, String error) {
		assertError(RelyingParty.Json.of(response), status, error);
	}

	private static void assertError(RelyingParty.Json answer, int status, String error) {
		assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
		assertThat(answer.string("error")).as(answer.raw()).isEqualTo(error);
	}

}
