package io.microsys.sso.provider.oidc.device;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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

/**
 * A person approves a device's user code with a real browser, under the real
 * Content-Security-Policy, in English and in Arabic; the device then polls and gets its tokens.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserDeviceTests {

	final Provider provider;

	ChromeDriver browser;

	BrowserDeviceTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void deviceWhenPersonOpensTheCompleteLinkSignsInAndAllowsThenDeviceGetsTokens() {
		SsoUser user = this.provider.fixtures().user();
		SsoClient client = deviceClient();
		this.provider.fixtures().membership(client, user, MembershipRole.STAFF);
		RelyingParty device = device(client);
		RelyingParty.Json codes = device.callEndpoint("/device_authorization", Map.of("scope", "openid profile"));
		this.browser = Chromium.start("en");

		this.browser.get(codes.string("verification_uri_complete"));
		Chromium.waitForPage(this.browser, this.provider.origin(), "/accounts/login");
		this.browser.findElement(By.id("username")).sendKeys(user.getUsername());
		this.browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		Chromium.waitForPage(this.browser, this.provider.origin(), "/device");

		assertThat(this.browser.findElement(By.id("device-code")).getText()).isEqualTo(codes.string("user_code"));
		assertThat(this.browser.findElement(By.id("device-app")).getText()).contains(client.getName());
		Chromium.screenshot(this.browser, "device-confirm-en");
		this.browser.findElement(By.cssSelector("#device-approve button")).click();
		waitForDone();

		assertThat(this.browser.findElement(By.id("device-done")).getDomAttribute("data-outcome"))
			.isEqualTo("approved");
		RelyingParty.Json tokens = DeviceFlowTests.poll(device, codes.string("device_code"));
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		assertThat(device.verify(tokens.string("access_token")).getClaim("microsys_sso_role")).isEqualTo("staff");
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

	@Test
	void deviceWhenArabicPersonTypesTheCodeThenRightToLeftPageAndDeviceGetsTokens() {
		SsoUser user = this.provider.fixtures().user((u) -> u.setLanguage("ar"));
		SsoClient client = deviceClient();
		this.provider.fixtures().membership(client, user, MembershipRole.USER);
		RelyingParty device = device(client);
		RelyingParty.Json codes = device.callEndpoint("/device_authorization", Map.of());
		this.browser = Chromium.start("ar");
		this.browser.get(this.provider.origin() + "/device");
		Chromium.waitForPage(this.browser, this.provider.origin(), "/accounts/login");
		this.browser.findElement(By.id("username")).sendKeys(user.getUsername());
		this.browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		Chromium.waitForPage(this.browser, this.provider.origin(), "/device");

		assertThat(this.browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("ربط جهاز");
		// Typed as people do: lower case, without the dash.
		this.browser.findElement(By.id("user_code"))
			.sendKeys(codes.string("user_code").replace("-", " ").toLowerCase());
		this.browser.findElement(By.cssSelector("#device-enter button")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.id("device-code")).isEmpty());
		assertThat(this.browser.findElement(By.id("device-code")).getText()).isEqualTo(codes.string("user_code"));
		Chromium.screenshot(this.browser, "device-confirm-ar");
		this.browser.findElement(By.cssSelector("#device-approve button")).click();
		waitForDone();

		assertThat(this.browser.findElement(By.id("device-done")).getText()).contains(client.getName());
		RelyingParty.Json tokens = DeviceFlowTests.poll(device, codes.string("device_code"));
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		assertThat(device.verify(tokens.string("access_token")).getClaim("microsys_sso_role")).isEqualTo("user");
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

	private void waitForDone() {
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.id("device-done")).isEmpty());
	}

	private SsoClient deviceClient() {
		return this.provider.fixtures()
			.confidentialClient((c) -> c.setGrantTypes(java.util.List.of(DeviceFlowTests.DEVICE_GRANT)));
	}

	private RelyingParty device(SsoClient client) {
		return this.provider.relyingParty(client);
	}

}
