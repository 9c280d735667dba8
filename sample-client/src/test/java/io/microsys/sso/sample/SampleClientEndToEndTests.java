package io.microsys.sso.sample;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.sample.support.AuthorizationCodeFlow;
import io.microsys.sso.sample.support.ProviderProcess;
import io.microsys.sso.sample.support.WebBrowser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provider (its real jar, in its own process) and the sample client (this module, with the
 * starter) on free ports, registered with each other by the sample's own bootstrap file; a real
 * HTTP client with cookies (and Debian's Chromium, for the pages) signs in, is refused, signs out
 * and is signed out from the provider. Both answer on {@code localhost}, as in the README's demo:
 * cookies do not tell ports apart, so this also proves that their cookies do not collide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleClientEndToEndTests {

	private static final String SECRET = "sample-client-secret-change-me";

	private static final Map<String, String> PASSWORDS = Map.of("alice", "sunrise-admin-orbit-42", "bob",
			"harbor-staff-lantern-42", "carol", "meadow-user-pebble-42", "dave", "outsider-no-access-42");

	@TempDir
	static Path work;

	ProviderProcess provider;

	ConfigurableApplicationContext sample;

	String sampleUrl;

	@BeforeAll
	void start() throws Exception {
		int samplePort = ProviderProcess.freePort();
		this.sampleUrl = "http://localhost:" + samplePort;
		Path shipped = Path.of(System.getProperty("microsys.test.bootstrap-file", "microsys-sso-bootstrap.yml"));
		Path bootstrap = work.resolve("bootstrap.yml");
		Files.writeString(bootstrap,
				Files.readString(shipped, StandardCharsets.UTF_8).replace("http://localhost:8080", this.sampleUrl));
		this.provider = ProviderProcess.start(ProviderProcess.freePort(), bootstrap, work);
		this.sample = new SpringApplicationBuilder(SampleClientApplication.class).run("--server.port=" + samplePort,
				"--server.address=127.0.0.1", "--microsys.sso.client.issuer-uri=" + this.provider.issuer(),
				"--spring.main.banner-mode=off");
	}

	@AfterAll
	void stop() {
		if (this.sample != null) {
			this.sample.close();
		}
		if (this.provider != null) {
			this.provider.close();
		}
	}

	/** Opens {@code path} on the sample, signs in at the provider's page, and returns where it ends. */
	private HttpResponse<String> signIn(WebBrowser browser, String path, String username) {
		HttpResponse<String> login = browser.follow(browser.get(this.sampleUrl + path));
		assertThat(login.uri().toString()).as(this.provider.logTail()).startsWith(this.provider.baseUrl() + "/accounts/login");
		return browser.follow(browser.submit(login, "form:has(input[name=password])",
				Map.of("username", username, "password", PASSWORDS.get(username))));
	}

	private static Document html(HttpResponse<String> response) {
		return Jsoup.parse(response.body(), response.uri().toString());
	}

	private static List<String> authorities(HttpResponse<String> profile) {
		return html(profile).select("#authorities code").eachText();
	}

	@Test
	void homePageWhenAnonymousThenPublic() {
		HttpResponse<String> home = new WebBrowser().get(this.sampleUrl + "/");

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(html(home).select("a.button").attr("href")).isEqualTo("/profile");
	}

	@Test
	void adminWhenSignedInThenProfileShowsAdminAndAdminPageOpens() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> profile = signIn(browser, "/profile", "alice");

		assertThat(profile.statusCode()).isEqualTo(200);
		// Back where the person started (Spring Security's saved request adds "?continue").
		assertThat(profile.uri().toString()).startsWith(this.sampleUrl + "/profile");
		assertThat(html(profile).select("#name").text()).isEqualTo("Alice Admin");
		assertThat(html(profile).select("#email").text()).isEqualTo("alice@sample.example");
		assertThat(html(profile).select("#role").text()).isEqualTo("admin");
		assertThat(authorities(profile)).containsExactly("ROLE_APP_ADMIN", "SSO_ROLE_ADMIN");
		assertThat(profile.body()).contains("microsys_sso_role");
		HttpResponse<String> admin = browser.get(this.sampleUrl + "/admin");
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(html(admin).select("#admin").text()).contains("Alice Admin");
	}

	@Test
	void staffWhenSignedInThenStaffRoleAndAdminPageRefused() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> profile = signIn(browser, "/profile", "bob");

		assertThat(html(profile).select("#role").text()).isEqualTo("staff");
		assertThat(authorities(profile)).containsExactly("SSO_ROLE_STAFF");
		HttpResponse<String> admin = browser.get(this.sampleUrl + "/admin");
		assertThat(admin.statusCode()).isEqualTo(403);
		assertThat(html(admin).select("#denied").text()).contains("does not allow");
	}

	@Test
	void userWhenSignedInThenUserRoleAndAdminPageRefused() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> profile = signIn(browser, "/profile", "carol");

		assertThat(html(profile).select("#role").text()).isEqualTo("user");
		assertThat(authorities(profile)).containsExactly("SSO_ROLE_USER");
		assertThat(browser.get(this.sampleUrl + "/admin").statusCode()).isEqualTo(403);
	}

	@Test
	void personWithoutMembershipWhenSigningInThenRefusedCleanlyWithoutSession() {
		WebBrowser browser = new WebBrowser();

		HttpResponse<String> refused = signIn(browser, "/profile", "dave");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.uri().toString()).startsWith(this.sampleUrl + "/login/oauth2/code/microsys");
		assertThat(refused.body()).contains("Sign-in refused").contains("access_denied");
		HttpResponse<String> again = browser.get(this.sampleUrl + "/profile");
		assertThat(again.statusCode()).isEqualTo(302);
	}

	@Test
	void signOutWhenSignedInThenBothSessionsEnd() {
		WebBrowser browser = new WebBrowser();
		HttpResponse<String> profile = signIn(browser, "/profile", "bob");

		HttpResponse<String> toProvider = browser.submit(profile, "form[action$=/logout]", Map.of());
		assertThat(WebBrowser.location(toProvider)).startsWith(this.provider.issuer() + "/logout?id_token_hint=");
		HttpResponse<String> home = browser.follow(toProvider);

		assertThat(home.uri().toString()).isEqualTo(this.sampleUrl + "/");
		assertThat(html(home).select("#signed-in")).isEmpty();
		HttpResponse<String> next = browser.follow(browser.get(this.sampleUrl + "/profile"));
		assertThat(next.uri().toString()).startsWith(this.provider.baseUrl() + "/accounts/login");
	}

	@Test
	void logoutAtProviderWhenSignedIntoSampleThenSampleSessionEndsThroughBackChannel() {
		WebBrowser browser = new WebBrowser();
		signIn(browser, "/profile", "carol");
		assertThat(browser.get(this.sampleUrl + "/profile").statusCode()).isEqualTo(200);

		HttpResponse<String> confirm = browser.get(this.provider.baseUrl() + "/accounts/logout");
		browser.follow(browser.submit(confirm, "form", Map.of()));

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(browser.get(this.sampleUrl + "/profile").statusCode()).isEqualTo(302));
		HttpResponse<String> next = browser.follow(browser.get(this.sampleUrl + "/profile"));
		assertThat(next.uri().toString()).startsWith(this.provider.baseUrl() + "/accounts/login");
	}

	@Test
	void chromiumWhenAdminSignsInAndOutThenEveryPageWorksUnderItsCsp() {
		ChromeDriver chrome = Chromium.start("en");
		try {
			WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
			chrome.get(this.sampleUrl + "/");
			// The stylesheet loaded under the sample's CSP: the button has its colour.
			WebElement signIn = chrome.findElement(By.cssSelector("a.button"));
			assertThat(signIn.getCssValue("background-color")).isEqualTo("rgba(31, 95, 168, 1)");
			signIn.click();
			wait.until((driver) -> driver.getCurrentUrl().startsWith(this.provider.baseUrl() + "/accounts/login"));
			chrome.findElement(By.id("username")).sendKeys("alice");
			chrome.findElement(By.id("password")).sendKeys(PASSWORDS.get("alice"));
			chrome.findElement(By.cssSelector("button[type=submit]")).click();
			wait.until((driver) -> driver.getCurrentUrl().startsWith(this.sampleUrl + "/profile"));
			assertThat(chrome.findElement(By.id("role")).getText()).isEqualTo("admin");
			chrome.get(this.sampleUrl + "/admin");
			assertThat(chrome.findElement(By.id("admin")).getText()).contains("Alice Admin");

			chrome.findElement(By.cssSelector("nav form button")).click();
			wait.until((driver) -> driver.getCurrentUrl().equals(this.sampleUrl + "/"));

			assertThat(chrome.findElements(By.id("signed-in"))).isEmpty();
			chrome.get(this.sampleUrl + "/profile");
			wait.until((driver) -> driver.getCurrentUrl().startsWith(this.provider.baseUrl() + "/accounts/login"));
			assertThat(Chromium.cspViolations(chrome)).isEmpty();
		}
		finally {
			chrome.quit();
		}
	}

	@Test
	void chromiumWhenBrowserPrefersArabicThenSamplePagesAreRightToLeft() {
		ChromeDriver chrome = Chromium.start("ar");
		try {
			chrome.get(this.sampleUrl + "/");

			assertThat(chrome.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
			assertThat(chrome.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ar");
			assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("تطبيق نموذجي");
		}
		finally {
			chrome.quit();
		}
	}

	@Test
	void apiWhenBearerTokenFromProviderThenSameRoleMapping() throws Exception {
		WebBrowser browser = new WebBrowser();
		signIn(browser, "/profile", "alice");
		String accessToken = new AuthorizationCodeFlow(this.provider.issuer(), "sample-client", SECRET,
				this.sampleUrl + "/login/oauth2/code/microsys")
			.accessToken(browser);

		HttpResponse<String> me = AuthorizationCodeFlow.callApi(this.sampleUrl + "/api/me", accessToken);

		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		Map<String, Object> body = JsonParserFactory.getJsonParser().parseMap(me.body());
		assertThat(body).containsEntry("role", "admin").containsEntry("client_id", "sample-client");
		assertThat(body.get("authorities")).isEqualTo(List.of("ROLE_APP_ADMIN", "SSO_ROLE_ADMIN"));
	}

	@Test
	void apiWhenNoOrBadBearerTokenThenUnauthorized() throws Exception {
		HttpResponse<String> none = AuthorizationCodeFlow.callApi(this.sampleUrl + "/api/me", null);
		HttpResponse<String> forged = AuthorizationCodeFlow.callApi(this.sampleUrl + "/api/me",
				"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
	}

}
