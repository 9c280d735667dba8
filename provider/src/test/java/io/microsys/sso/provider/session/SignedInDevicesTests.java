package io.microsys.sso.provider.session;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signed-in devices on the profile page, over real HTTP: listed from the shared session store,
 * this device marked, another one ended (only with the current password, and never a session
 * with a stronger sign-in from a weaker one).
 */
@ProviderIntegrationTest
class SignedInDevicesTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	SignedInDevicesTests(Provider provider) {
		this.provider = provider;
	}

	private Browser signedIn(SsoUser user) {
		return Pages.signedIn(this.provider.origin(), user);
	}

	private HttpResponse<String> profile(Browser browser) {
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/profile");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	private static Element otherDevice(HttpResponse<String> profile) {
		Document page = Jsoup.parse(profile.body());
		Element row = page.selectFirst("tr.device:not(.current)");
		assertThat(row).as(profile.body()).isNotNull();
		return row;
	}

	private HttpResponse<String> endOther(Browser browser, HttpResponse<String> profile, String password) {
		String handle = otherDevice(profile).selectFirst("button[name=session]").attr("value");
		return browser.followWithin(browser.post(this.provider.origin() + "/accounts/profile/sessions/end",
				Map.of("_csrf", Browser.csrfToken(profile), "session", handle, "currentPassword", password)),
				this.provider.origin());
	}

	@Test
	void profileWhenSignedInTwiceThenBothDevicesListedAndThisOneMarked() {
		SsoUser user = this.provider.fixtures().user();
		signedIn(user);
		Browser browser = signedIn(user);
		Document page = Jsoup.parse(profile(browser).body());
		assertThat(page.select("tr.device")).hasSize(2);
		assertThat(page.select("tr.device.current .this-device")).hasSize(1);
		assertThat(page.select("tr.device").text()).contains("Java").contains("127.0.0.1");
		// Session ids never reach the page; handles are hashes.
		String sessionCookie = browser.cookies().getCookieStore().getCookies().stream()
			.filter((c) -> c.getName().equals("SESSION")).findFirst().orElseThrow().getValue();
		String sessionId = new String(java.util.Base64.getDecoder().decode(sessionCookie),
				java.nio.charset.StandardCharsets.US_ASCII);
		assertThat(page.html()).doesNotContain(sessionCookie).doesNotContain(sessionId);
	}

	@Test
	void endSessionWhenCurrentPasswordRightThenOtherDeviceSignedOut() {
		SsoUser user = this.provider.fixtures().user();
		Browser other = signedIn(user);
		Browser browser = signedIn(user);

		HttpResponse<String> refused = endOther(browser, profile(browser), "wrong-password");
		assertThat(refused.body()).contains("The current password is not correct");
		assertThat(other.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);

		HttpResponse<String> ended = endOther(browser, profile(browser), TestFixtures.PASSWORD);
		assertThat(ended.body()).contains("The session has ended");
		assertThat(Browser.location(other.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
		assertThat(Jsoup.parse(ended.body()).select("tr.device")).hasSize(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SESSION_ENDED' AND user_uuid = ?", Long.class,
				user.getUuid())).isEqualTo(1);
	}

	@Test
	void endSessionWhenHandleOfSomeoneElseThenNothingEnds() {
		SsoUser alice = this.provider.fixtures().user();
		SsoUser bob = this.provider.fixtures().user();
		Browser bobBrowser = signedIn(bob);
		signedIn(bob);
		String bobHandle = otherDevice(profile(bobBrowser)).selectFirst("button[name=session]").attr("value");

		Browser aliceBrowser = signedIn(alice);
		HttpResponse<String> page = profile(aliceBrowser);
		HttpResponse<String> refused = aliceBrowser.followWithin(aliceBrowser.post(this.provider.origin() + "/accounts/profile/sessions/end",
				Map.of("_csrf", Browser.csrfToken(page), "session", bobHandle, "currentPassword", TestFixtures.PASSWORD)),
				this.provider.origin());
		assertThat(refused.body()).contains("That session has already ended");
		assertThat(Jsoup.parse(profile(bobBrowser).body()).select("tr.device")).hasSize(2);
	}

	@Test
	void endSessionWhenOtherSessionHasSecondFactorAndThisOneNotThenRefused() {
		SsoUser user = this.provider.fixtures().user();
		Browser weak = signedIn(user);
		this.provider.fixtures().authenticator(user);
		Browser strong = new Browser();
		HttpResponse<String> challenge = Pages.password(strong, this.provider.origin(), user.getUsername(), TestFixtures.PASSWORD);
		assertThat(challenge.uri().getPath()).isEqualTo("/accounts/login/challenge");
		String backup = this.provider.fixtures().backupCodes(user).get(0);
		strong.followWithin(strong.submitForm(challenge, "form#challenge", Map.of("code", backup)), this.provider.origin());

		HttpResponse<String> refused = endOther(weak, profile(weak), TestFixtures.PASSWORD);
		assertThat(refused.body()).contains("cannot end it");
		assertThat(strong.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);

		HttpResponse<String> ended = endOther(strong, profile(strong), TestFixtures.PASSWORD);
		assertThat(ended.body()).contains("The session has ended");
		assertThat(Browser.location(weak.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
	}

	@Test
	void endOthersWhenPasswordRightThenOnlyThisSessionStays() {
		SsoUser user = this.provider.fixtures().user();
		Browser one = signedIn(user);
		Browser two = signedIn(user);
		Browser browser = signedIn(user);
		HttpResponse<String> page = profile(browser);
		HttpResponse<String> done = browser.followWithin(
				browser.submitForm(page, "form#devices-form", Map.of("currentPassword", TestFixtures.PASSWORD)),
				this.provider.origin());
		assertThat(done.body()).contains("Your other sessions have ended");
		assertThat(Browser.location(one.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
		assertThat(Browser.location(two.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
		assertThat(browser.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void endSessionWhenGetOrNoCsrfThenRefusedAndNothingEnds() {
		SsoUser user = this.provider.fixtures().user();
		Browser other = signedIn(user);
		Browser browser = signedIn(user);
		String handle = otherDevice(profile(browser)).selectFirst("button[name=session]").attr("value");
		HttpResponse<String> get = browser.get(this.provider.origin() + "/accounts/profile/sessions/end?session=" + handle);
		assertThat(get.statusCode()).isEqualTo(405);
		HttpResponse<String> noCsrf = browser.post(this.provider.origin() + "/accounts/profile/sessions/end",
				Map.of("session", handle, "currentPassword", TestFixtures.PASSWORD));
		assertThat(noCsrf.statusCode()).isEqualTo(403);
		assertThat(other.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
	}

}
