package io.microsys.sso.provider.admin.members;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's admin in a real browser, under the real CSP: from their home page to their app's
 * members, they add a person and change a role; every other console page refuses them and shows
 * nothing of the console.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserMembersTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	ChromeDriver browser;

	BrowserMembersTests(Provider provider) {
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

	private void type(String id, String text) {
		WebElement field = this.browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(text);
	}

	private void waitForElement(String id) {
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.id(id)).isEmpty());
	}

	private String role(SsoClient client, SsoUser person) {
		return this.jdbc.queryForObject("SELECT role FROM sso_membership WHERE client_id = ? AND user_id = ?",
				String.class, client.getId(), person.getId());
	}

	@Test
	void appAdminAddsAMemberChangesARoleAndOpensNothingElse() {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient wiki = fixtures.confidentialClient((c) -> c.setName("Team Wiki"));
		SsoClient other = fixtures.confidentialClient((c) -> c.setName("Other App"));
		SsoUser admin = fixtures.user();
		fixtures.membership(wiki, admin, MembershipRole.ADMIN);
		fixtures.membership(other, admin, MembershipRole.STAFF);
		SsoUser newcomer = fixtures.user();
		this.browser = Chromium.start("en");

		this.browser.get(origin() + "/accounts/login");
		type("username", admin.getUsername());
		type("password", TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		Chromium.waitForPage(this.browser, origin(), "/");
		List<WebElement> links = this.browser.findElements(By.cssSelector("a.manage-members"));
		assertThat(links).hasSize(1);
		links.get(0).click();
		Chromium.waitForPage(this.browser, origin(), "/sys/clients/" + wiki.getClientId() + "/members");
		assertThat(this.browser.findElements(By.id("sections"))).isEmpty();
		assertThat(this.browser.getPageSource()).contains(admin.getUsername());

		type("who", newcomer.getEmail());
		new Select(this.browser.findElement(By.id("add-role"))).selectByValue("STAFF");
		this.browser.findElement(By.id("add-submit")).click();
		waitForElement("flash");
		assertThat(this.browser.findElement(By.id("flash")).getText()).isEqualTo("They were added to the app.");
		assertThat(role(wiki, newcomer)).isEqualTo("STAFF");
		Chromium.screenshot(this.browser, "members-app-admin-en");

		WebElement row = this.browser
			.findElement(By.cssSelector("tr.member[data-username='" + newcomer.getUsername() + "']"));
		new Select(row.findElement(By.tagName("select"))).selectByValue("USER");
		row.findElement(By.cssSelector("form.role-form button")).click();
		waitForElement("flash");
		assertThat(this.browser.findElement(By.id("flash")).getText()).isEqualTo("The role was changed.");
		assertThat(role(wiki, newcomer)).isEqualTo("USER");
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();

		for (String path : List.of("/sys", "/sys/users", "/sys/users/" + newcomer.getUuid(), "/sys/invitations",
				"/sys/registrations", "/sys/settings", "/sys/logs", "/sys/groups",
				"/sys/clients/" + other.getClientId() + "/members",
				"/sys/clients/" + other.getClientId() + "/invitations")) {
			this.browser.get(origin() + path);
			String page = this.browser.getPageSource();
			assertThat(page).as(path).contains("You are not allowed to see this page.")
				.doesNotContain(newcomer.getUsername());
			assertThat(this.browser.findElements(By.id("sections"))).as(path).isEmpty();
			assertThat(this.browser.findElements(By.tagName("table"))).as(path).isEmpty();
		}
	}

}
