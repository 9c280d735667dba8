package io.microsys.sso.provider.twofactor;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person sets up two-step verification in a real browser, under the real CSP: reads the key the
 * page shows into their authenticator app, signs out, signs in with a code from the app, sees
 * their two signed-in devices and ends the other one.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserTwoFactorTests {

	final Provider provider;

	ChromeDriver browser;

	BrowserTwoFactorTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	private String origin() {
		return this.provider.origin();
	}

	private void waitFor(String path) {
		Chromium.waitForPage(this.browser, origin(), path);
	}

	private void signInWithPassword(SsoUser user) {
		this.browser.get(origin() + "/accounts/login");
		this.browser.findElement(By.id("username")).sendKeys(user.getUsername());
		this.browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
	}

	@Test
	void enrolAuthenticatorThenSignInWithCodeAndEndOtherDevice() throws Exception {
		SsoUser user = this.provider.fixtures().user();
		// Another device of the same person, signed in before.
		Browser phoneBrowser = new Browser();
		assertThat(Pages.password(phoneBrowser, origin(), user.getUsername(), TestFixtures.PASSWORD).uri().getPath())
			.isEqualTo("/");
		this.browser = Chromium.start("en");

		signInWithPassword(user);
		waitFor("/");
		this.browser.get(origin() + "/accounts/profile");
		assertThat(this.browser.findElement(By.id("two-factor-status")).getText()).contains("off");
		this.browser.findElement(By.id("setup-authenticator")).click();
		waitFor("/accounts/profile/two-factor/authenticator");
		WebElement qr = this.browser.findElement(By.cssSelector(".qr svg"));
		assertThat(qr.getSize().getWidth()).isGreaterThan(100);
		Chromium.screenshot(this.browser, "two-factor-setup");
		Authenticator app = new Authenticator(this.browser.findElement(By.id("totp-key")).getText());
		this.browser.findElement(By.id("code")).sendKeys(app.nextCode());
		this.browser.findElement(By.cssSelector("form#confirm button")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.cssSelector("#backup-codes li")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector("#backup-codes li"))).hasSize(10);

		this.browser.get(origin() + "/accounts/logout");
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		waitFor("/accounts/login");

		signInWithPassword(user);
		waitFor("/accounts/login/challenge");
		Chromium.screenshot(this.browser, "two-factor-challenge");
		this.browser.findElement(By.id("code")).sendKeys(app.nextCode());
		this.browser.findElement(By.cssSelector("form#challenge button")).click();
		waitFor("/");
		this.browser.get(origin() + "/accounts/profile");
		assertThat(this.browser.findElement(By.id("two-factor-status")).getText()).contains("on");
		List<WebElement> devices = this.browser.findElements(By.cssSelector("tr.device"));
		assertThat(devices).hasSize(2);
		assertThat(this.browser.findElement(By.cssSelector("tr.device.current")).getText()).contains("This device")
			.contains("Chrome");
		this.browser.executeScript("document.getElementById('devices').scrollIntoView()");
		Chromium.screenshot(this.browser, "two-factor-devices");

		WebElement other = this.browser.findElement(By.cssSelector("tr.device:not(.current)"));
		other.findElement(By.cssSelector("a.end-session")).click();
		waitFor("/accounts/profile/sessions/end");
		Chromium.screenshot(this.browser, "two-factor-end-session");
		this.browser.findElement(By.id("confirm-password")).sendKeys(TestFixtures.PASSWORD);
		this.browser.findElement(By.id("confirm-submit")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.id("devices-done")).isEmpty());
		assertThat(this.browser.findElement(By.id("devices-done")).getText()).contains("The session has ended");
		assertThat(this.browser.findElements(By.cssSelector("tr.device"))).hasSize(1);
		assertThat(Browser.location(phoneBrowser.get(origin() + "/"))).endsWith("/accounts/login");

		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

	@Test
	void challengePageWhenArabicThenRightToLeft() throws Exception {
		SsoUser user = this.provider.fixtures().user((u) -> u.setLanguage("ar"));
		this.provider.fixtures().authenticator(user);
		this.browser = Chromium.start("ar");
		signInWithPassword(user);
		waitFor("/accounts/login/challenge");
		assertThat(this.browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("التحقق بخطوتين");
		Chromium.screenshot(this.browser, "two-factor-challenge-ar");
	}

}
