package io.microsys.sso.provider.admin.apps;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.LogoutReceiver;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's life from the console over real HTTP with real cookies: created by a staff member (its
 * secret shown once, never stored or recorded as such), signed into with the code flow, its secret
 * rotated (both secrets work during the overlap, only the new one after), deactivated (refused at
 * once, even with a secret verified from the cache a moment before) and deleted (its refresh token
 * fails, its signed-in session is told through back-channel logout).
 */
@ProviderIntegrationTest
class AppsFlowTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	Browser staff;

	SsoUser person;

	LogoutReceiver receiver;

	AppsFlowTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() throws Exception {
		this.staff = Pages.signedIn(this.provider.origin(), new TestStaff(this.provider).unscoped(Permission.CLIENTS_VIEW,
				Permission.CLIENTS_ADD, Permission.CLIENTS_CHANGE, Permission.CLIENTS_DELETE));
		this.person = this.provider.fixtures().user((u) -> {
		});
		this.receiver = new LogoutReceiver();
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	/** Creates a confidential app from the console; returns its client id and the secret shown. */
	private String[] create() {
		String clientId = TestFixtures.unique("console-app");
		HttpResponse<String> page = this.staff.get(url("/sys/clients/new"));
		assertThat(page.statusCode()).isEqualTo(200);
		Map<String, String> values = new HashMap<>();
		values.put("clientId", clientId);
		values.put("name", "Console app");
		values.put("redirectUris", TestFixtures.REDIRECT_URI);
		values.put("backchannelLogoutUri", this.receiver.uri());
		values.put("scopes", "openid profile email offline_access");
		values.put("allowLocalhostRedirects", "true");
		values.put("allowAllAuthenticated", "true");
		HttpResponse<String> answer = this.staff.submitForm(page, "form#app-form", values);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return new String[] { clientId, secretOf(answer) };
	}

	private String secretOf(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		assertThat(answer.uri().toString()).doesNotContain("secret=");
		String secret = Jsoup.parse(answer.body()).selectFirst("#secret-value").text();
		assertThat(secret).matches("[A-Za-z0-9_-]{43}");
		return secret;
	}

	private RelyingParty app(String clientId, String secret) {
		return new RelyingParty(this.provider.issuer(), clientId, secret, TestFixtures.REDIRECT_URI);
	}

	private RelyingParty.Json signIn(RelyingParty app, Browser browser) {
		RelyingParty.Request request = app.request().with("scope", "openid offline_access");
		String code = app.code(browser, request, this.person.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	private HttpResponse<String> appPage(String clientId) {
		HttpResponse<String> page = this.staff.get(url("/sys/clients/" + clientId));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	private HttpResponse<String> rotate(String clientId, String hours) {
		return this.staff.submitForm(appPage(clientId), "form#rotate-form", Map.of("overlapHours", hours));
	}

	/** A refresh at the token endpoint: the app authenticates with its secret. */
	private int tokenStatus(RelyingParty app, String[] refreshToken) {
		RelyingParty.Json answer = app.refresh(refreshToken[0]);
		if (answer.status() == 200) {
			refreshToken[0] = answer.string("refresh_token");
		}
		return answer.status();
	}

	@Test
	void createWhenConfidentialThenSecretShownOnceStoredHashedAndSignInWorks() {
		String[] created = create();
		String clientId = created[0];
		String secret = created[1];

		Map<String, Object> row = this.jdbc.queryForMap("SELECT secret_hash, policy_active FROM sso_client WHERE client_id = ?",
				clientId);
		assertThat((String) row.get("secret_hash")).isNotBlank().doesNotContain(secret);
		assertThat(appPage(clientId).body()).doesNotContain(secret)
			.contains("microsys.sso.client.issuer-uri=" + this.provider.issuer())
			.contains("microsys.sso.client.client-id=" + clientId)
			.contains("microsys.sso.client.client-secret=")
			.contains(this.provider.issuer() + "/.well-known/openid-configuration");
		RelyingParty.Json tokens = signIn(app(clientId, secret), new Browser());
		assertThat(tokens.string("id_token")).isNotBlank();
		assertThat(Jsoup.parse(appPage(clientId).body()).select("#recent-entries").text()).contains("APP_SIGNED_IN")
			.contains(this.person.getUsername());
		assertThat(app(clientId, "wrong-" + secret).refresh(tokens.string("refresh_token")).status()).isEqualTo(401);
		List<Map<String, Object>> entries = this.jdbc.queryForList(
				"SELECT * FROM sso_audit_event WHERE client_id = ? OR target_id = ?", clientId, clientId);
		assertThat(entries).extracting((e) -> e.get("EVENT_TYPE") != null ? e.get("EVENT_TYPE") : e.get("event_type"))
			.contains("CLIENT_CREATED", "CLIENT_SECRET_GENERATED");
		assertThat(entries.toString()).doesNotContain(secret);
	}

	@Test
	void rotateWhenOverlapThenBothSecretsWorkAndWithoutOverlapOnlyTheNewOne() {
		String[] created = create();
		String clientId = created[0];
		String first = created[1];
		String[] refresh = { signIn(app(clientId, first), new Browser()).string("refresh_token") };

		String second = secretOf(rotate(clientId, "24"));
		assertThat(second).isNotEqualTo(first);
		assertThat(tokenStatus(app(clientId, first), refresh)).isEqualTo(200);
		assertThat(tokenStatus(app(clientId, second), refresh)).isEqualTo(200);
		assertThat(tokenStatus(app(clientId, first), refresh)).isEqualTo(200);
		assertThat(appPage(clientId).body()).contains("previous-secret");

		String third = secretOf(rotate(clientId, "0"));
		assertThat(tokenStatus(app(clientId, second), refresh)).isEqualTo(401);
		assertThat(tokenStatus(app(clientId, first), refresh)).isEqualTo(401);
		assertThat(tokenStatus(app(clientId, third), refresh)).isEqualTo(200);
		List<String> details = this.jdbc.queryForList(
				"SELECT detail FROM sso_audit_event WHERE event_type = 'CLIENT_SECRET_ROTATED' AND client_id = ? ORDER BY id",
				String.class, clientId);
		assertThat(details).containsExactly("previous secret valid for 24 h", "previous secret valid for 0 h");
		String everything = this.jdbc.queryForList("SELECT * FROM sso_audit_event WHERE client_id = ?", clientId).toString();
		assertThat(everything).doesNotContain(first).doesNotContain(second).doesNotContain(third);
	}

	@Test
	void deactivateWhenSecretVerifiedFromTheCacheThenRefusedAtOnceAndActivateLetsItBack() {
		String[] created = create();
		RelyingParty app = app(created[0], created[1]);
		String[] refresh = { signIn(app, new Browser()).string("refresh_token") };
		assertThat(tokenStatus(app, refresh)).isEqualTo(200);
		assertThat(tokenStatus(app, refresh)).isEqualTo(200);

		HttpResponse<String> done = this.staff.followWithin(
				this.staff.submitForm(appPage(created[0]), "form#deactivate-form", Map.of()), this.provider.origin());
		assertThat(done.body()).contains("The app was deactivated.");

		RelyingParty.Json refused = app.refresh(refresh[0]);
		assertThat(refused.status()).as("docs/protocol.md: the app is deactivated").isEqualTo(400);
		assertThat(refused.string("error")).isEqualTo("invalid_grant");
		HttpResponse<String> signIn = app.authorize(new Browser(), app.request(), this.person.getUsername(),
				TestFixtures.PASSWORD);
		assertThat(app.redirectQuery(signIn)).doesNotContainKey("code").containsEntry("error", "access_denied");
		assertThat(Jsoup.parse(appPage(created[0]).body()).select("#recent-entries").text())
			.contains("AUTHORIZATION_DENIED")
			.contains(this.person.getUsername())
			.contains("client_inactive");

		this.staff.followWithin(this.staff.submitForm(appPage(created[0]), "form#activate-form", Map.of()),
				this.provider.origin());
		assertThat(tokenStatus(app, refresh)).isEqualTo(200);
		assertThat(this.jdbc.queryForList("SELECT event_type FROM sso_audit_event WHERE client_id = ? "
				+ "AND event_type IN ('CLIENT_DEACTIVATED', 'CLIENT_ACTIVATED') ORDER BY id", String.class, created[0]))
			.containsExactly("CLIENT_DEACTIVATED", "CLIENT_ACTIVATED");
	}

	@Test
	void deleteWhenSignedInThenRefreshFailsAndBackchannelLogoutArrives() throws Exception {
		String[] created = create();
		RelyingParty app = app(created[0], created[1]);
		RelyingParty.Json tokens = signIn(app, new Browser());
		long pk = this.jdbc.queryForObject("SELECT id FROM sso_client WHERE client_id = ?", Long.class, created[0]);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ?",
				Long.class, String.valueOf(pk))).isEqualTo(1);

		HttpResponse<String> page = appPage(created[0]);
		HttpResponse<String> wrong = this.staff.submitForm(page, "form#delete-form", Map.of("confirm", "not-it"));
		assertThat(wrong.statusCode()).isEqualTo(400);
		HttpResponse<String> done = this.staff.followWithin(
				this.staff.submitForm(appPage(created[0]), "form#delete-form", Map.of("confirm", created[0])),
				this.provider.origin());
		assertThat(done.body()).contains("The app was deleted.");

		assertThat(app.refresh(tokens.string("refresh_token")).status()).isEqualTo(401);
		String logoutToken = this.receiver.next(WAIT);
		assertThat(logoutToken).isNotNull();
		JWTClaimsSet claims = app.verify(logoutToken);
		assertThat(claims.getAudience()).containsExactly(created[0]);
		assertThat(claims.getSubject()).isEqualTo(this.person.getUuid());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ?",
				Long.class, String.valueOf(pk))).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_client WHERE client_id = ?", Long.class,
				created[0])).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'CLIENT_DELETED' "
				+ "AND client_id = ?", Long.class, created[0])).isEqualTo(1);
		assertThat(this.staff.get(url("/sys/clients/" + created[0])).statusCode()).isEqualTo(404);
	}

}
