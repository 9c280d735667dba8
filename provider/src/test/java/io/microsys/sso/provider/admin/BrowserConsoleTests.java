package io.microsys.sso.provider.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser, under the real CSP: a global staff member creates a scope and a
 * staff member of it; that scoped staff member signs in and sees only their scope's people, gets
 * "does not exist" for a person of another scope, and is refused when they try to give themselves
 * a permission even with a crafted form; a central staff member never sees a scoped person in the
 * list, the search or the export. In English, then in Arabic right to left.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserConsoleTests {

	static final String PASSWORD = "console-browser-phrase-64";

	final Provider provider;

	@Autowired
	ScopeRepository scopes;

	@Autowired
	UserRepository users;

	@Autowired
	JdbcClient jdbc;

	ChromeDriver browser;

	BrowserConsoleTests(Provider provider) {
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

	private void type(String id, String text) {
		WebElement field = this.browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(text);
	}

	private void signIn(String username, String password) {
		this.browser.manage().deleteAllCookies();
		this.browser.get(origin() + "/accounts/login");
		type("username", username);
		type("password", password);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		waitFor("/");
	}

	private void waitForElement(String id) {
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.id(id)).isEmpty());
	}

	/**
	 * Opens {@code path} at 390 px wide (a small phone) and checks the page does not scroll
	 * sideways: only a data table's own frame may.
	 */
	private void fitsANarrowScreen(String path, String screenshot) {
		Dimension size = this.browser.manage().window().getSize();
		this.browser.manage().window().setSize(new Dimension(390, 844));
		try {
			this.browser.get(origin() + path);
			Chromium.screenshot(this.browser, screenshot);
			Object widths = this.browser.executeScript(
					"return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
			Object wide = this.browser.executeScript("var w = document.documentElement.clientWidth; return "
					+ "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w + 1"
					+ " && !e.closest('.table-wrap')).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className"
					+ " + ':' + Math.round(e.getBoundingClientRect().right)).join(' ');");
			assertThat(widths).as(path + ": page width, window width; too wide: " + wide).asList().satisfies((pair) -> assertThat(
					((Number) pair.get(0)).intValue()).isLessThanOrEqualTo(((Number) pair.get(1)).intValue()));
		}
		finally {
			this.browser.manage().window().setSize(size);
		}
	}

	private void submitSearch() {
		String before = this.browser.getCurrentUrl();
		this.browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !before.equals(driver.getCurrentUrl()) && driver.getCurrentUrl().contains("q="));
	}

	@Test
	void scopedAndCentralStaffSeeOnlyTheirPeopleInEnglishAndArabic() throws Exception {
		TestFixtures fixtures = this.provider.fixtures();
		TestStaff staff = new TestStaff(this.provider);
		SsoUser global = staff.unscoped(Permission.MANAGE_SCOPES, Permission.MANAGE_STAFF, Permission.USERS_VIEW,
				Permission.USERS_ADD, Permission.USERS_CHANGE, Permission.SCOPES_VIEW, Permission.SCOPES_ADD);
		SsoUser central = staff.unscoped(Permission.USERS_VIEW);
		Scope other = this.scopes.save(new Scope(TestFixtures.unique("Other")));
		SsoUser outsider = fixtures.user((u) -> u.setScope(other));
		SsoUser scopeless = fixtures.user();
		String scopeName = TestFixtures.unique("Finance");
		String newStaff = TestFixtures.unique("fin");
		this.browser = Chromium.start("en");

		// Global staff: a scope, then a staff member of it who may view and change its people.
		signIn(global.getUsername(), TestFixtures.PASSWORD);
		this.browser.get(origin() + "/sys");
		this.browser.findElement(By.id("section-scopes")).click();
		waitFor("/sys/scopes");
		this.browser.get(origin() + "/sys/scopes/new");
		type("name", scopeName);
		type("description", "Finance department");
		this.browser.findElement(By.cssSelector("#scope-form button[type=submit]")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> driver.getCurrentUrl().matches(".*/sys/scopes/[0-9]+"));
		assertThat(this.browser.findElement(By.id("flash")).getText()).isNotBlank();
		assertThat(this.browser.getPageSource()).contains(scopeName);

		this.browser.get(origin() + "/sys/users/new");
		type("username", newStaff);
		type("email", newStaff + "@example.com");
		type("firstName", "Farah");
		type("lastName", "Haddad");
		new Select(this.browser.findElement(By.id("scope"))).selectByVisibleText(scopeName);
		this.browser.findElement(By.id("staff")).click();
		this.browser.findElement(By.cssSelector("input[name=permissions][value='users.view']")).click();
		this.browser.findElement(By.cssSelector("input[name=permissions][value='users.change']")).click();
		this.browser.findElement(By.cssSelector("input[name=passwordChoice][value=set]")).click();
		type("password", PASSWORD);
		type("passwordConfirm", PASSWORD);
		Chromium.screenshot(this.browser, "console-new-person-en");
		this.browser.findElement(By.cssSelector("#new-person button[type=submit]")).click();
		waitForElement("flash");
		SsoUser scoped = this.users.findByUsername(newStaff).orElseThrow();
		assertThat(scoped.isStaff()).isTrue();
		assertThat(this.scopes.findById(scoped.getScope().getId()).orElseThrow().getName()).isEqualTo(scopeName);
		SsoUser colleague = fixtures.user((u) -> u.setScope(scoped.getScope()));

		// Scoped staff: only their scope's people.
		signIn(newStaff, PASSWORD);
		this.browser.get(origin() + "/sys");
		this.browser.findElement(By.id("section-users")).click();
		waitFor("/sys/users");
		String list = this.browser.getPageSource();
		assertThat(list).contains(colleague.getUsername()).contains(newStaff);
		assertThat(list).doesNotContain(outsider.getUsername())
			.doesNotContain(scopeless.getUsername())
			.doesNotContain(global.getUsername());
		assertThat(this.browser.findElements(By.id("section-scopes"))).isEmpty();
		Chromium.screenshot(this.browser, "console-people-scoped-en");
		fitsANarrowScreen("/sys", "console-start-390-en");
		fitsANarrowScreen("/sys/users", "console-people-390-en");
		fitsANarrowScreen("/sys/users/" + colleague.getUuid(), "console-person-390-en");
		fitsANarrowScreen("/accounts/profile", "profile-390-en");

		// Another scope's person by URL: as if they did not exist.
		this.browser.get(origin() + "/sys/users/" + outsider.getUuid());
		assertThat(this.browser.getPageSource()).contains("does not exist").doesNotContain(outsider.getUsername());

		// Their own page offers no way to give themselves more; a crafted form is refused.
		this.browser.get(origin() + "/sys/users/" + scoped.getUuid());
		assertThat(this.browser.findElements(By.cssSelector("#edit input[name=permissions][type=checkbox]")))
			.isEmpty();
		this.browser.executeScript("var f = document.getElementById('edit'); var i = document.createElement('input');"
				+ "i.type = 'hidden'; i.name = 'permissions'; i.value = 'users.delete'; f.appendChild(i);");
		this.browser.findElement(By.cssSelector("#edit button[type=submit]")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> driver.getPageSource().contains("You are not allowed"));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_user_permission WHERE user_id = :id AND permission = 'users.delete'")
			.param("id", scoped.getId())
			.query(Long.class)
			.single()).isZero();
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();

		// Central staff, in Arabic: scopeless people only, in the list, the search and the export.
		this.browser.quit();
		this.browser = Chromium.start("ar");
		signIn(central.getUsername(), TestFixtures.PASSWORD);
		this.browser.get(origin() + "/sys/users?lang=ar");
		assertThat(this.browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
		assertThat(this.browser.getPageSource()).doesNotContain(colleague.getUsername())
			.doesNotContain(newStaff)
			.doesNotContain(outsider.getUsername());
		type("q", scopeless.getUsername());
		submitSearch();
		assertThat(this.browser.getPageSource()).contains(scopeless.getUsername());
		type("q", newStaff.substring(0, 6));
		submitSearch();
		assertThat(this.browser.getPageSource()).doesNotContain(newStaff);
		Chromium.screenshot(this.browser, "console-people-central-ar");
		fitsANarrowScreen("/sys/users?lang=ar", "console-people-390-ar");
		fitsANarrowScreen("/sys/users/" + scopeless.getUuid(), "console-person-390-ar");
		fitsANarrowScreen("/accounts/profile", "profile-390-ar");
		Cookie session = this.browser.manage().getCookieNamed("SESSION");
		HttpResponse<String> export = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(origin() + "/sys/users/export.csv"))
				.header("Cookie", session.getName() + "=" + session.getValue())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.body()).contains(scopeless.getUsername())
			.doesNotContain(colleague.getUsername())
			.doesNotContain(newStaff)
			.doesNotContain(outsider.getUsername());
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

}
