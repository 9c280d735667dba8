package io.microsys.sso.provider.session;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.util.ReflectionTestUtils;

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

	@Autowired
	JdbcIndexedSessionRepository sessions;

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
		String handle = otherDevice(profile).selectFirst("a.end-session").attr("data-session");
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
		String bobHandle = otherDevice(profile(bobBrowser)).selectFirst("a.end-session").attr("data-session");

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
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/profile/sessions/end-others");
		HttpResponse<String> done = browser.followWithin(
				browser.submitForm(page, "form#confirm-action", Map.of("currentPassword", TestFixtures.PASSWORD)),
				this.provider.origin());
		assertThat(done.body()).contains("Your other sessions have ended");
		assertThat(Browser.location(one.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
		assertThat(Browser.location(two.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
		assertThat(browser.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void endSessionWhenGetOrNoCsrfThenOnlyAskedOrRefusedAndNothingEnds() {
		SsoUser user = this.provider.fixtures().user();
		Browser other = signedIn(user);
		Browser browser = signedIn(user);
		String handle = otherDevice(profile(browser)).selectFirst("a.end-session").attr("data-session");
		// A GET only shows the confirmation page, asking for the password.
		HttpResponse<String> get = browser.get(this.provider.origin() + "/accounts/profile/sessions/end?session=" + handle);
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(get.body()).select("form#confirm-action input[name=currentPassword]")).hasSize(1);
		assertThat(other.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
		HttpResponse<String> noCsrf = browser.post(this.provider.origin() + "/accounts/profile/sessions/end",
				Map.of("session", handle, "currentPassword", TestFixtures.PASSWORD));
		assertThat(noCsrf.statusCode()).isEqualTo(403);
		assertThat(other.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void profileWhenAnotherSessionExpiredThenNotListedNotEndableAndDeleted() {
		SsoUser user = this.provider.fixtures().user();
		Browser stale = signedIn(user);
		Browser browser = signedIn(user);
		String staleId = sessionId(stale);
		long now = System.currentTimeMillis();
		// As a browser left alone past the timeout leaves it (8 hours without a request).
		this.jdbc.update("UPDATE SSO_HTTP_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? WHERE SESSION_ID = ?",
				now - 9 * 3_600_000L, now - 3_600_000L, staleId);

		Document page = Jsoup.parse(profile(browser).body());
		assertThat(page.select("tr.device")).hasSize(1);
		assertThat(page.select("tr.device.current")).hasSize(1);
		assertThat(page.select("#end-others")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SSO_HTTP_SESSION WHERE SESSION_ID = ?", Long.class,
				staleId)).isZero();
		assertThat(browser.get(this.provider.origin() + "/accounts/profile/sessions/end?session="
				+ SessionIdHash.of(staleId)).statusCode()).isEqualTo(404);
		assertThat(Browser.location(stale.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
	}

	@Test
	void sessionStoreWhenRunningThenExpiredSessionsAreDeletedEveryFiveMinutes() {
		assertThat(ReflectionTestUtils.getField(this.sessions, "cleanupCron")).isEqualTo("0 */5 * * * *");
		SsoUser user = this.provider.fixtures().user();
		Browser stale = signedIn(user);
		String staleId = sessionId(stale);
		this.jdbc.update("UPDATE SSO_HTTP_SESSION SET EXPIRY_TIME = ? WHERE SESSION_ID = ?",
				System.currentTimeMillis() - 1000, staleId);
		// What the scheduled job runs: by the indexed expiry time, whoever the session belongs to.
		this.sessions.cleanUpExpiredSessions();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SSO_HTTP_SESSION WHERE SESSION_ID = ?", Long.class,
				staleId)).isZero();
	}

	/** The id of the browser's provider session, from its cookie. */
	private static String sessionId(Browser browser) {
		String cookie = browser.cookies().getCookieStore().getCookies().stream()
			.filter((c) -> c.getName().equals("SESSION")).findFirst().orElseThrow().getValue();
		return new String(java.util.Base64.getDecoder().decode(cookie), java.nio.charset.StandardCharsets.US_ASCII);
	}

}
