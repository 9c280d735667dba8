package io.microsys.sso.provider.admin.apps;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every form of {@code /sys/clients} given bad input over real HTTP: a readable 400 page naming the
 * field (409 for a change made meanwhile), and nothing stored or changed.
 */
@ProviderIntegrationTest
class AppsFormTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	Browser staff;

	AppsFormTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.staff = Pages.signedIn(this.provider.origin(), new TestStaff(this.provider).unscoped(Permission.CLIENTS_VIEW,
				Permission.CLIENTS_ADD, Permission.CLIENTS_CHANGE, Permission.CLIENTS_DELETE));
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	private long count(String clientId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_client WHERE client_id = ?", Long.class, clientId);
	}

	private Map<String, Object> row(SsoClient app) {
		return this.jdbc.queryForMap("SELECT name, secret_hash, previous_secret_hash, redirect_uris, version, "
				+ "policy_active FROM sso_client WHERE id = ?", app.getId());
	}

	static Stream<Arguments> badNewApps() {
		String localhost = "http://127.0.0.1:9000/cb";
		return Stream.of(Arguments.of("clientId", Map.of("clientId", "bad id!"), "letters, digits"),
				Arguments.of("clientId", Map.of("clientId", "new"), "reserved"),
				Arguments.of("name", Map.of("name", ""), "name"),
				Arguments.of("name", Map.of("name", "x".repeat(201)), "200"),
				Arguments.of("logoUrl", Map.of("logoUrl", "http://example.com/logo.png"), "https"),
				Arguments.of("type", Map.of("type", "neither"), "confidential or public"),
				Arguments.of("grantTypes", Map.of("grantTypes", "password"), "from the list"),
				Arguments.of("grantTypes", Map.of("type", "public", "grantTypes", "client_credentials",
						"redirectUris", "https://app.example.com/cb"), "cannot use client_credentials"),
				Arguments.of("grantTypes", Map.of("type", "public", "grantTypes",
						"urn:ietf:params:oauth:grant-type:token-exchange"), "cannot use"),
				Arguments.of("allowPar", Map.of("type", "public", "requirePar", "true"), "cannot push"),
				Arguments.of("redirectUris", Map.of("redirectUris", ""), "at least one redirect"),
				Arguments.of("redirectUris", Map.of("redirectUris", localhost), "localhost"),
				Arguments.of("redirectUris", Map.of("redirectUris", "http://app.example.com/cb"), "https"),
				Arguments.of("redirectUris", Map.of("redirectUris", "https://app.example.com/cb#x"), "fragment"),
				Arguments.of("postLogoutRedirectUris", Map.of("postLogoutRedirectUris", "javascript:alert(1)"), "full address"),
				Arguments.of("backchannelLogoutUri", Map.of("backchannelLogoutUri", "ftp://app.example.com/logout"), "http or https"),
				Arguments.of("scopes", Map.of("scopes", "openid bad\"scope"), "not a valid scope"),
				Arguments.of("accessTokenTtl", Map.of("accessTokenTtl", "10"), "60 to 86400"),
				Arguments.of("accessTokenTtl", Map.of("accessTokenTtl", "abc"), "60 to 86400"),
				Arguments.of("refreshTokenTtl", Map.of("refreshTokenTtl", "99999999"), "300 to 7776000"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("badNewApps")
	void createWhenBadInputThen400WithTheFieldMarkedAndNothingStored(String field, Map<String, String> bad,
			String message) {
		String clientId = TestFixtures.unique("bad-app");
		Map<String, String> values = new HashMap<>();
		values.put("clientId", clientId);
		values.put("name", "Bad app");
		values.put("redirectUris", "https://app.example.com/cb");
		values.putAll(bad);

		HttpResponse<String> answer = this.staff.submitForm(this.staff.get(url("/sys/clients/new")), "form#app-form",
				values);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		Document page = Jsoup.parse(answer.body());
		assertThat(page.select("#problem").text()).contains("Some fields need a change");
		assertThat(page.select("#" + field + "-error").text()).as(answer.body()).containsIgnoringCase(message);
		assertThat(count(clientId)).isZero();
		assertThat(count(values.get("clientId"))).isZero();
	}

	@Test
	void createWhenClientIdTakenThen400AndTheAppUnchanged() {
		SsoClient existing = this.provider.fixtures().confidentialClient((c) -> {
		});
		Map<String, Object> before = row(existing);

		HttpResponse<String> answer = this.staff.submitForm(this.staff.get(url("/sys/clients/new")), "form#app-form",
				Map.of("clientId", existing.getClientId(), "name", "Another", "redirectUris", "https://app.example.com/cb"));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(answer.body()).select("#clientId-error").text()).contains("Another app has this client id");
		assertThat(row(existing)).isEqualTo(before);
	}

	@Test
	void createWhenPublicThenNoSecretAndTheAppPage() {
		String clientId = TestFixtures.unique("spa");
		HttpResponse<String> answer = this.staff.followWithin(this.staff.submitForm(
				this.staff.get(url("/sys/clients/new")), "form#app-form",
				Map.of("clientId", clientId, "name", "Single page app", "type", "public", "redirectUris",
						"https://spa.example.com/cb")), this.provider.origin());

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("The app was created.").doesNotContain("secret-value");
		assertThat(this.jdbc.queryForObject("SELECT secret_hash FROM sso_client WHERE client_id = ?", String.class,
				clientId)).isNull();
		assertThat(this.staff.get(url("/sys/clients?q=" + clientId)).body()).contains("app-" + clientId);
	}

	@Test
	void listWhenSearchTooLongThen400() {
		HttpResponse<String> answer = this.staff.get(url("/sys/clients?q=" + "x".repeat(101)));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(answer.body()).select("#q-error").text()).contains("at most 100");
	}

	@Test
	void appWhenUnknownThen404() {
		assertThat(this.staff.get(url("/sys/clients/no-such-app")).statusCode()).isEqualTo(404);
		assertThat(this.staff.get(url("/sys/clients/no-such-app/edit")).statusCode()).isEqualTo(404);
	}

	@Test
	void editWhenChangedMeanwhileThen409AndTheOtherChangeKept() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		HttpResponse<String> page = this.staff.get(url("/sys/clients/" + app.getClientId() + "/edit"));
		this.provider.fixtures().updateClient(app, (c) -> c.setName("Changed meanwhile"));

		// The test browser sends inputs only: the textarea's value is given as a browser would send it.
		HttpResponse<String> answer = this.staff.submitForm(page, "form#app-form",
				Map.of("name", "Mine", "redirectUris", TestFixtures.REDIRECT_URI));

		assertThat(answer.statusCode()).isEqualTo(409);
		assertThat(Jsoup.parse(answer.body()).select("#problem").text()).contains("changed this app meanwhile");
		assertThat(row(app).get("name")).isEqualTo("Changed meanwhile");
	}

	@Test
	void editWhenBadRedirectUriThen400AndNothingChanged() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		Map<String, Object> before = row(app);
		HttpResponse<String> page = this.staff.get(url("/sys/clients/" + app.getClientId() + "/edit"));

		HttpResponse<String> answer = this.staff.submitForm(page, "form#app-form",
				Map.of("name", "Renamed", "redirectUris", "http://127.0.0.1:9000/cb", "allowLocalhostRedirects", "false"));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(answer.body()).select("#redirectUris-error").text()).contains("localhost");
		assertThat(row(app)).isEqualTo(before);
	}

	@Test
	void editWhenMadePublicThenSecretsRemovedAndWhenMadeConfidentialThenANewSecretShownOnce() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		String edit = url("/sys/clients/" + app.getClientId() + "/edit");

		HttpResponse<String> toPublic = this.staff.submitForm(this.staff.get(edit), "form#app-form",
				Map.of("type", "public", "grantTypes", "authorization_code", "redirectUris", TestFixtures.REDIRECT_URI));
		assertThat(toPublic.statusCode()).as(toPublic.body()).isEqualTo(302);
		assertThat(row(app).get("secret_hash")).isNull();

		HttpResponse<String> toConfidential = this.staff.submitForm(this.staff.get(edit), "form#app-form",
				Map.of("type", "confidential", "redirectUris", TestFixtures.REDIRECT_URI));
		assertThat(toConfidential.statusCode()).as(toConfidential.body()).isEqualTo(200);
		assertThat(toConfidential.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		String secret = Jsoup.parse(toConfidential.body()).selectFirst("#secret-value").text();
		assertThat(secret).hasSize(43);
		assertThat((String) row(app).get("secret_hash")).isNotNull().doesNotContain(secret);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'CLIENT_SECRET_GENERATED' AND client_id = ?", Long.class, app.getClientId())).isEqualTo(1);
	}

	@Test
	void rotateWhenOverlapOutOfBoundsOrNotANumberThen400AndTheSecretUnchanged() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		Map<String, Object> before = row(app);
		for (String hours : new String[] { "721", "abc", "-1", "" }) {
			HttpResponse<String> answer = this.staff.submitForm(this.staff.get(url("/sys/clients/" + app.getClientId())),
					"form#rotate-form", Map.of("overlapHours", hours));

			assertThat(answer.statusCode()).as(hours).isEqualTo(400);
			assertThat(Jsoup.parse(answer.body()).select("#overlapHours-error").text()).contains("0 to 720");
			assertThat(answer.body()).doesNotContain("secret-value");
		}
		assertThat(row(app)).isEqualTo(before);
	}

	@Test
	void rotateWhenPublicThen400() {
		SsoClient app = this.provider.fixtures().publicClient((c) -> {
		});
		HttpResponse<String> page = this.staff.get(url("/sys/clients/" + app.getClientId()));
		assertThat(page.body()).doesNotContain("rotate-form");

		HttpResponse<String> answer = this.staff.post(url("/sys/clients/" + app.getClientId() + "/secret"),
				Map.of("_csrf", Browser.csrfToken(page), "overlapHours", "24"));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(row(app).get("secret_hash")).isNull();
	}

	@Test
	void deleteWhenConfirmationIsNotTheClientIdThen400AndTheAppKept() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		for (String confirm : new String[] { "", app.getClientId() + "x", "x".repeat(101) }) {
			HttpResponse<String> answer = this.staff.submitForm(this.staff.get(url("/sys/clients/" + app.getClientId())),
					"form#delete-form", Map.of("confirm", confirm));

			assertThat(answer.statusCode()).isEqualTo(400);
			assertThat(Jsoup.parse(answer.body()).select("#confirm-error").text()).contains("client id");
		}
		assertThat(count(app.getClientId())).isEqualTo(1);
	}

}
