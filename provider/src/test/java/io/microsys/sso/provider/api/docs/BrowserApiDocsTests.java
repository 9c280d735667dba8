package io.microsys.sso.provider.api.docs;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's Swagger UI in a real browser under the provider's strict CSP: a staff member
 * opens it, it reads the OpenAPI document and lists the operations, its Authorize dialog offers
 * to paste a bearer token, and the browser reports no CSP violation.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserApiDocsTests {

	final Provider provider;

	ChromeDriver browser;

	BrowserApiDocsTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void swaggerUiWhenStaffOpensItThenListsTheOperationsWithoutCspViolations() {
		SsoUser member = new TestStaff(this.provider).unscoped();
		String origin = this.provider.origin();
		this.browser = Chromium.start("en");
		this.browser.get(origin + "/accounts/login");
		this.browser.findElement(By.id("username")).sendKeys(member.getUsername());
		this.browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		Chromium.waitForPage(this.browser, origin, "/");
		this.browser.get(origin + "/api/admin/docs");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.until((driver) -> driver.findElements(By.cssSelector(".opblock-summary-path"))
			.stream()
			.anyMatch((path) -> path.getText().replace("\u200b", "").equals("/api/admin/v1/me")));
		assertThat(this.browser.findElement(By.cssSelector(".info .title")).getText()).contains("Microsys SSO admin API");
		assertThat(this.browser.findElement(By.id("apidocs-token")).getText()).contains("microsys.admin");
		this.browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
		wait.until((driver) -> !driver.findElements(By.cssSelector(".dialog-ux .modal-ux")).isEmpty());
		WebElement dialog = this.browser.findElement(By.cssSelector(".dialog-ux .modal-ux"));
		assertThat(dialog.getText()).contains("bearer");
		Chromium.screenshot(this.browser, "api-docs-en");
		// Read once: the driver hands each console message out only once.
		java.util.List<org.openqa.selenium.logging.LogEntry> console = this.browser.manage().logs().get("browser").getAll();
		assertThat(console).as("console").noneSatisfy((entry) -> assertThat(entry.getMessage()).contains("Content Security Policy"));
		assertThat(console).as("console").noneSatisfy((entry) -> assertThat(entry.getLevel().getName() + " "
				+ entry.getMessage()).startsWith("SEVERE " + origin + "/api/admin/"));
	}

}
