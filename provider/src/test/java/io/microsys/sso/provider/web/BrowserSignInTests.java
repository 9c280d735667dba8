package io.microsys.sso.provider.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** A person signs in with a real browser, under the real Content-Security-Policy. */
@ProviderIntegrationTest
@Tag("browser")
class BrowserSignInTests {

	final Provider provider;

	ChromeDriver browser;

	BrowserSignInTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void signInWhenPersonUsesTheLoginPageThenAppReceivesCode() throws Exception {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient client = fixtures.confidentialClient((c) -> {
		});
		SsoUser user = fixtures.user();
		fixtures.membership(client, user, MembershipRole.STAFF);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request();
		this.browser = Chromium.start("en");

		this.browser.get(request.url());
		assertThat(this.browser.getCurrentUrl()).contains("/accounts/login");
		WebElement button = this.browser.findElement(By.cssSelector("button[type=submit]"));
		// The stylesheet loaded under the CSP: the button has the project's colour.
		assertThat(button.getCssValue("background-color")).isEqualTo("rgba(31, 95, 191, 1)");
		Chromium.screenshot(this.browser, "login-en");
		this.browser.findElement(By.id("username")).sendKeys(user.getUsername());
		this.browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
		button.click();

		// The click starts a navigation (login POST, then redirects): wait until it reaches the app.
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> driver.getCurrentUrl().startsWith(TestFixtures.REDIRECT_URI));
		String landed = this.browser.getCurrentUrl();
		assertThat(landed).startsWith(TestFixtures.REDIRECT_URI);
		Map<String, String> query = RelyingParty.query(URI.create(landed));
		assertThat(query).containsKey("code").containsEntry("state", request.state);
		RelyingParty.Json tokens = app.exchange(query.get("code"), request.pkce.verifier());
		assertThat(app.verify(tokens.string("id_token")).getClaim("microsys_sso_role")).isEqualTo("staff");
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

	@Test
	void loginPageWhenBrowserIsArabicThenRightToLeft() throws Exception {
		this.browser = Chromium.start("ar");

		this.browser.get(this.provider.origin() + "/accounts/login");

		assertThat(this.browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("تسجيل الدخول");
		WebElement label = this.browser.findElement(By.cssSelector("label[for=username]"));
		WebElement input = this.browser.findElement(By.id("username"));
		// Right to left: the label starts at the right edge of the card, like the input.
		assertThat(label.getRect().getX() + label.getRect().getWidth())
			.isCloseTo(input.getRect().getX() + input.getRect().getWidth(), org.assertj.core.data.Offset.offset(2));
		Chromium.screenshot(this.browser, "login-ar");
	}

}
