package io.microsys.sso.provider.registration;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Chromium;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public registration in a real browser, under the real CSP: a person signs up from the login
 * page, opens the verification link from the delivered email, a superuser approves them in the
 * queue, and the person signs into an app that lets every active account in, which gets the role
 * {@code user}.
 */
@ProviderIntegrationTest
@Tag("browser")
class BrowserRegistrationTests {

	static final String PASSWORD = "browser-sign-up-phrase-64";

	final Provider provider;

	@Autowired
	RuntimeSettings settings;

	ChromeDriver browser;

	BrowserRegistrationTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
		this.settings.setRegistration(new RuntimeSettings.Registration(false, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	private String origin() {
		return this.provider.origin();
	}

	private void waitFor(String path) {
		Chromium.waitForPage(this.browser, origin(), path);
	}

	private void type(String id, String text) {
		this.browser.findElement(By.id(id)).sendKeys(text);
	}

	@Test
	void signUpConfirmFromEmailApprovedThenSignsIntoAppAsUser() throws Exception {
		this.settings.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
		TestFixtures fixtures = this.provider.fixtures();
		SsoUser superuser = fixtures.user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		SsoClient client = fixtures.confidentialClient((c) -> c.getPolicy().setAllowAllAuthenticated(true));
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		String email = TestFixtures.unique("chromium") + "@example.com";
		this.browser = Chromium.start("en");

		// Sign up from the login page.
		this.browser.get(origin() + "/accounts/login");
		this.browser.findElement(By.id("register")).click();
		waitFor("/accounts/register");
		// The robot trap is not shown: it sits outside the page.
		Rectangle trap = this.browser.findElement(By.id("website")).getRect();
		assertThat(trap.getX() + trap.getWidth()).isLessThan(0);
		type("email", email);
		type("firstName", "Layla");
		type("lastName", "Nasser");
		type("password", PASSWORD);
		type("passwordConfirm", PASSWORD);
		Chromium.screenshot(this.browser, "register-en");
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		waitFor("/accounts/register/sent");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your email");

		// Open the link from the delivered email and confirm with the password.
		String link = TestMail.find(TestMail.await(email, 1),
				"(http://\\S+/accounts/register/verify/[A-Za-z0-9_-]{43})");
		this.browser.get(link);
		type("password", PASSWORD);
		this.browser.findElement(By.id("confirm")).click();
		waitFor("/accounts/register/verified");
		assertThat(this.browser.findElement(By.id("waiting")).getText()).contains("An administrator will now review");

		// A superuser approves, in the queue linked from the home page.
		this.browser.manage().deleteAllCookies();
		this.browser.get(origin() + "/accounts/login");
		type("username", superuser.getUsername());
		type("password", TestFixtures.PASSWORD);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		waitFor("/");
		this.browser.findElement(By.id("registrations")).click();
		waitFor("/sys/registrations");
		WebElement row = this.browser.findElement(By.xpath("//tr[.//span[text()='" + email + "']]"));
		assertThat(row.getText()).contains("Layla Nasser").contains("Public signup");
		Chromium.screenshot(this.browser, "registrations-en");
		row.findElement(By.cssSelector("button.approve")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> !driver.findElements(By.id("done")).isEmpty());
		assertThat(this.browser.findElement(By.id("done")).getText()).contains("The registration was approved");
		assertThat(TestMail.subject(TestMail.await(email, 2))).isEqualTo("Your account was approved");

		// The new person signs into the app, which gets the role "user".
		this.browser.manage().deleteAllCookies();
		RelyingParty.Request request = app.request();
		this.browser.get(request.url());
		waitFor("/accounts/login");
		type("username", email);
		type("password", PASSWORD);
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> driver.getCurrentUrl().startsWith(TestFixtures.REDIRECT_URI));
		Map<String, String> query = RelyingParty.query(URI.create(this.browser.getCurrentUrl()));
		assertThat(query).containsKey("code").containsEntry("state", request.state);
		RelyingParty.Json tokens = app.exchange(query.get("code"), request.pkce.verifier());
		assertThat(app.verify(tokens.string("id_token")).getClaim("microsys_sso_role")).isEqualTo("user");
		assertThat(app.verify(tokens.string("id_token")).getClaim("email")).isEqualTo(email);

		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

	@Test
	void signUpPageWhenArabicThenRightToLeft() throws Exception {
		this.settings.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.AUTO_LOGIN_AFTER_VERIFY),
				null);
		this.browser = Chromium.start("ar");
		this.browser.get(origin() + "/accounts/register");
		assertThat(this.browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("أنشئ حسابك");
		WebElement label = this.browser.findElement(By.cssSelector("label[for=email]"));
		WebElement input = this.browser.findElement(By.id("email"));
		assertThat(label.getRect().getX() + label.getRect().getWidth())
			.isCloseTo(input.getRect().getX() + input.getRect().getWidth(), org.assertj.core.data.Offset.offset(2));
		// Right to left, the robot trap sits past the right edge.
		Rectangle trap = this.browser.findElement(By.id("website")).getRect();
		Long width = (Long) this.browser.executeScript("return document.documentElement.clientWidth");
		assertThat(trap.getX()).isGreaterThan(width.intValue());
		Chromium.screenshot(this.browser, "register-ar");
		assertThat(Chromium.cspViolations(this.browser)).isEmpty();
	}

}
