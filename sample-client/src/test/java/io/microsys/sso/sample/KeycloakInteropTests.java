package io.microsys.sso.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.microsys.sso.sample.support.AuthorizationCodeFlow;
import io.microsys.sso.sample.support.KeycloakServer;
import io.microsys.sso.sample.support.ProviderProcess;
import io.microsys.sso.sample.support.WebBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter against a real Keycloak 26: nothing in it depends on Microsys SSO beyond the role
 * claim. The realm gives {@code microsys_sso_role} through a user-attribute mapper ({@code admin}
 * and {@code staff} people), the nested {@code microsys_sso.role} for one person, and no role to
 * another; the sample client signs them in, maps the role, refuses the one without, signs out at
 * Keycloak and accepts Keycloak's access tokens on its API. Keycloak is started from its
 * distribution on Maven Central with a Java 21+ JDK; {@code -Dmicrosys.test.skipKeycloak=true}
 * skips this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisabledIfSystemProperty(named = "microsys.test.skipKeycloak", matches = "true")
class KeycloakInteropTests {

	private static final String CLIENT_ID = "interop-app";

	private static final String SECRET = "interop-app-secret-0123456789";

	@TempDir
	static Path work;

	KeycloakServer keycloak;

	ConfigurableApplicationContext app;

	String appUrl;

	@BeforeAll
	void start() throws Exception {
		Path realm = Path.of(getClass().getResource("/keycloak/interop-realm.json").toURI());
		this.keycloak = KeycloakServer.start(realm, "interop", work);
		int port = ProviderProcess.freePort();
		this.appUrl = "http://127.0.0.1:" + port;
		this.app = startApp(port);
	}

	private ConfigurableApplicationContext startApp(int port, String... extra) {
		List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=" + port,
				"--server.address=127.0.0.1", "--microsys.sso.client.issuer-uri=" + this.keycloak.issuer(),
				"--microsys.sso.client.client-id=" + CLIENT_ID, "--microsys.sso.client.client-secret=" + SECRET,
				"--spring.main.banner-mode=off"));
		arguments.addAll(List.of(extra));
		return new SpringApplicationBuilder(SampleClientApplication.class).run(arguments.toArray(String[]::new));
	}

	@AfterAll
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.keycloak != null) {
			this.keycloak.close();
		}
	}

	private HttpResponse<String> signIn(WebBrowser browser, String appUrl, String username) {
		HttpResponse<String> login = browser.follow(browser.get(appUrl + "/profile"));
		assertThat(login.uri().toString()).as(this.keycloak.logTail()).startsWith(this.keycloak.issuer());
		return browser.follow(browser.submit(login, "form:has(input[name=password])",
				Map.of("username", username, "password", username + "-password-42")));
	}

	private static Document html(HttpResponse<String> response) {
		return Jsoup.parse(response.body(), response.uri().toString());
	}

	@Test
	void adminWhenSignedInAtKeycloakThenRoleMappedToAuthorities() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> profile = signIn(browser, this.appUrl, "kc-admin");

		assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
		assertThat(html(profile).select("#role").text()).isEqualTo("admin");
		assertThat(html(profile).select("#email").text()).isEqualTo("kc-admin@interop.example");
		assertThat(html(profile).select("#authorities code").eachText()).containsExactly("ROLE_APP_ADMIN",
				"SSO_ROLE_ADMIN");
		assertThat(browser.get(this.appUrl + "/admin").statusCode()).isEqualTo(200);
	}

	@Test
	void staffWhenSignedInAtKeycloakThenStaffOnly() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> profile = signIn(browser, this.appUrl, "kc-staff");

		assertThat(html(profile).select("#authorities code").eachText()).containsExactly("SSO_ROLE_STAFF");
		assertThat(browser.get(this.appUrl + "/admin").statusCode()).isEqualTo(403);
	}

	@Test
	void nestedRoleClaimWhenSignedInAtKeycloakThenMapped() {
		HttpResponse<String> profile = signIn(new WebBrowser(), this.appUrl, "kc-nested");

		assertThat(html(profile).select("#authorities code").eachText()).containsExactly("SSO_ROLE_USER");
	}

	@Test
	void missingRoleClaimWhenSignedInAtKeycloakThenRefusedWithoutSession() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> refused = signIn(browser, this.appUrl, "kc-nobody");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Sign-in refused").contains("microsys_sso_role_missing");
		assertThat(browser.get(this.appUrl + "/profile").statusCode()).isEqualTo(302);
	}

	@Test
	void roleNotRequiredWhenSignedInAtKeycloakThenRefused() throws Exception {
		int port = ProviderProcess.freePort();
		try (ConfigurableApplicationContext adminsOnly = startApp(port, "--microsys.sso.client.required-roles=admin")) {
			WebBrowser browser = new WebBrowser();

			HttpResponse<String> refused = signIn(browser, "http://127.0.0.1:" + port, "kc-staff");

			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("microsys_sso_role_not_allowed");
			// A way out: sign out at Keycloak with the refused ID token, back to this app.
			String someoneElse = org.jsoup.Jsoup.parse(refused.body()).selectFirst("a#someone").attr("href");
			assertThat(someoneElse).startsWith(this.keycloak.issuer() + "/protocol/openid-connect/logout?id_token_hint=ey")
				.contains("post_logout_redirect_uri=http://127.0.0.1:" + port + "/");
		}
	}

	@Test
	void signOutWhenSignedInThenKeycloakSessionEndsToo() {
		WebBrowser browser = new WebBrowser();
		HttpResponse<String> profile = signIn(browser, this.appUrl, "kc-staff");

		HttpResponse<String> toKeycloak = browser.submit(profile, "form[action$=/logout]", Map.of());
		assertThat(WebBrowser.location(toKeycloak)).startsWith(this.keycloak.issuer())
			.contains("id_token_hint=")
			.contains("post_logout_redirect_uri=");
		HttpResponse<String> home = browser.follow(toKeycloak);

		assertThat(home.uri().toString()).isEqualTo(this.appUrl + "/");
		HttpResponse<String> again = browser.follow(browser.get(this.appUrl + "/profile"));
		assertThat(again.uri().toString()).startsWith(this.keycloak.issuer());
		assertThat(html(again).select("input[name=password]")).isNotEmpty();
	}

	@Test
	void apiWhenKeycloakAccessTokenThenSameRoleMapping() throws Exception {
		WebBrowser browser = new WebBrowser();
		signIn(browser, this.appUrl, "kc-admin");
		String token = new AuthorizationCodeFlow(this.keycloak.issuer(), CLIENT_ID, SECRET,
				this.appUrl + "/login/oauth2/code/microsys")
			.accessToken(browser);

		HttpResponse<String> me = AuthorizationCodeFlow.callApi(this.appUrl + "/api/me", token);

		assertThat(me.statusCode()).as(me.body() + me.headers().map()).isEqualTo(200);
		assertThat(JsonParserFactory.getJsonParser().parseMap(me.body())).containsEntry("role", "admin")
			.containsEntry("authorities", List.of("ROLE_APP_ADMIN", "SSO_ROLE_ADMIN"));
	}

}
