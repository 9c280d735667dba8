package io.microsys.sso.provider.profile;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile's sections and a confirmation page in a real browser on a phone-sized screen (390
 * pixels wide), in Arabic (right to left): nothing wider than the screen, the destructive actions
 * in their red-edged area, under the real CSP.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserProfileTests {

	final Provider provider;

	ChromeDriver browser;

	BrowserProfileTests(Provider provider) {
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

	@Test
	void profileAndConfirmationWhenPhoneWideAndArabicThenNothingOverflowsAndDangerIsMarked() {
		SsoUser user = this.provider.fixtures().user((u) -> u.setLanguage("ar"));
		Authenticator app = this.provider.fixtures().authenticator(user);
		this.provider.fixtures().backupCodes(user);
		Pages.signedIn(origin(), user, app);
		this.browser = Chromium.start("ar");
		this.browser.manage().window().setSize(new Dimension(390, 844));

		this.browser.get(origin() + "/accounts/login");
		this.browser.findElement(By.id("username")).sendKeys(user.getUsername());
		this.browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		Chromium.waitForPage(this.browser, origin(), "/accounts/login/challenge");
		this.browser.findElement(By.id("code")).sendKeys(app.nextCode());
		this.browser.findElement(By.cssSelector("form#challenge button")).click();
		Chromium.waitForPage(this.browser, origin(), "/");

		this.browser.get(origin() + "/accounts/profile");
		assertThat(this.browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
		assertFitsTheScreen("profile");
		List<WebElement> panels = this.browser.findElements(By.cssSelector("section.profile > section.panel"));
		assertThat(panels).hasSize(7);
		WebElement danger = this.browser.findElement(By.id("two-factor-danger"));
		assertThat(danger.getCssValue("border-top-color")).isEqualTo("rgba(164, 38, 44, 1)");
		WebElement disable = this.browser.findElement(By.id("disable"));
		assertThat(disable.getCssValue("background-color")).isEqualTo("rgba(164, 38, 44, 1)");
		assertThat(disable.getRect().getWidth()).as("a full-width button on a phone")
			.isGreaterThan(danger.getRect().getWidth() / 2);
		Chromium.screenshot(this.browser, "profile-390-ar");

		this.browser.findElement(By.cssSelector("tr.device:not(.current) a.end-session")).click();
		Chromium.waitForPage(this.browser, origin(), "/accounts/profile/sessions/end");
		assertFitsTheScreen("confirmation");
		assertThat(this.browser.findElements(By.cssSelector("input[type=password]"))).hasSize(1);
		assertThat(this.browser.findElement(By.id("confirm-submit")).getCssValue("background-color"))
			.isEqualTo("rgba(164, 38, 44, 1)");
		Chromium.screenshot(this.browser, "profile-confirm-390-ar");

		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

	private void assertFitsTheScreen(String page) {
		Object overflow = this.browser
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).longValue()).as("pixels wider than the screen on the " + page).isLessThanOrEqualTo(0);
	}

}
