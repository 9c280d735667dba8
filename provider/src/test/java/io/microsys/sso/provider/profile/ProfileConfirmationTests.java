package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.twofactor.BackupCodes;
import io.microsys.sso.provider.twofactor.EmailCodes;
import io.microsys.sso.provider.twofactor.TotpStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile in sections over real HTTP, with each sensitive action on a page of its own: the
 * profile links to it, the page says what will happen and asks for the current password once, a
 * wrong password comes back beside that field with nothing changed, the right one acts. A session
 * that is not one of the person's other live sessions is a 404 that tells nothing about it.
 */
@ProviderIntegrationTest
class ProfileConfirmationTests {

	final Provider provider;

	@Autowired
	TotpStore totp;

	@Autowired
	BackupCodes backupCodes;

	@Autowired
	EmailCodes emailCodes;

	ProfileConfirmationTests(Provider provider) {
		this.provider = provider;
	}

	private String origin() {
		return this.provider.origin();
	}

	private HttpResponse<String> profile(Browser browser) {
		HttpResponse<String> page = browser.get(origin() + "/accounts/profile");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	/** Opens the confirmation page the profile links to with {@code selector}, and checks its shape. */
	private HttpResponse<String> confirmationVia(Browser browser, String selector, String path, boolean danger) {
		Element link = Jsoup.parse(profile(browser).body(), origin()).selectFirst(selector);
		assertThat(link).as(selector).isNotNull();
		assertThat(link.tagName()).isEqualTo("a");
		HttpResponse<String> page = browser.get(link.absUrl("href"));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		Document document = Jsoup.parse(page.body());
		Element form = document.selectFirst("form#confirm-action");
		assertThat(form).as(page.body()).isNotNull();
		assertThat(form.attr("method")).isEqualTo("post");
		assertThat(form.attr("action")).isEqualTo(path);
		assertThat(form.select("input[type=password]")).hasSize(1);
		assertThat(form.select("input[name=currentPassword]#confirm-password")).hasSize(1);
		assertThat(form.select("input[name=_csrf]").attr("value")).isNotEmpty();
		assertThat(form.select("button")).hasSize(1);
		assertThat(form.selectFirst("button").hasClass("danger")).isEqualTo(danger);
		assertThat(document.select("#confirm-what").text()).isNotBlank();
		assertThat(document.select("script")).isEmpty();
		assertThat(document.selectFirst("#confirm-cancel").attr("href")).startsWith("/accounts/profile#");
		return page;
	}

	/** Sends the confirmation form with this password; returns the page the redirects end on. */
	private HttpResponse<String> confirm(Browser browser, HttpResponse<String> page, String password) {
		return browser.followWithin(
				browser.submitForm(page, "form#confirm-action", Map.of("currentPassword", password)), origin());
	}

	/** The page is the confirmation page again, with the refusal beside the password field. */
	private static void assertRefusedBesideTheField(HttpResponse<String> page, String path, String message) {
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo(path);
		Document document = Jsoup.parse(page.body());
		Element field = document.getElementById("confirm-password");
		assertThat(field).as(page.body()).isNotNull();
		Element error = document.getElementById("confirm-password-error");
		assertThat(field.nextElementSibling()).isEqualTo(error);
		assertThat(field.attr("aria-invalid")).isEqualTo("true");
		assertThat(field.attr("aria-describedby")).isEqualTo("confirm-password-error");
		assertThat(error.attr("role")).isEqualTo("alert");
		assertThat(error.text()).isEqualTo(message);
	}

	@Test
	void profileWhenShownThenSectionsAndOnlyTheTwoSingleActionPasswordFields() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		this.provider.fixtures().backupCodes(user);
		Pages.signedIn(origin(), user, app);
		Browser browser = Pages.signedIn(origin(), user, app);

		Document page = Jsoup.parse(profile(browser).body());
		assertThat(page.select("input[name=currentPassword]").eachAttr("id"))
			.containsExactlyInAnyOrder("email-password", "current-password");
		assertThat(page.select("input[type=password]")).hasSize(4);
		assertThat(page.select("details.confirm")).isEmpty();
		assertThat(page.select("script")).isEmpty();
		List<Element> sections = page.select("section.profile > section.panel");
		assertThat(page.select("section.profile > section.panel").eachAttr("aria-labelledby"))
			.containsExactly("details", "name", "two-factor", "trusted-browsers", "email", "password", "devices");
		for (Element section : sections) {
			Element heading = section.selectFirst("h2");
			assertThat(heading.id()).isEqualTo(section.attr("aria-labelledby"));
			assertThat(heading.text()).isNotBlank();
		}
		assertThat(page.select(".danger-zone a.button.danger").eachAttr("id")).containsExactly("disable", "end-others");
		assertThat(page.select("#two-factor-actions a.button").eachAttr("id")).contains("regenerate");
		assertThat(page.select("tr.device:not(.current) a.end-session.danger")).hasSize(1);
		assertThat(page.select("tr.device.current a.end-session")).isEmpty();
	}

	@Test
	void disableTwoFactorWhenPasswordWrongThenErrorBesideItAndStillOnElseTurnedOff() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		this.provider.fixtures().backupCodes(user);
		Browser browser = Pages.signedIn(origin(), user, app);
		String path = "/accounts/profile/two-factor/disable";

		HttpResponse<String> page = confirmationVia(browser, "a#disable", path, true);
		assertThat(Jsoup.parse(page.body()).select("h1").text()).isEqualTo("Turn off two-step verification");
		assertRefusedBesideTheField(confirm(browser, page, "not-my-password"), path,
				"The current password is not correct.");
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
		assertThat(this.backupCodes.remaining(user.getId())).isEqualTo(10);

		HttpResponse<String> off = confirm(browser, page, TestFixtures.PASSWORD);
		assertThat(off.uri().getPath()).isEqualTo("/accounts/profile");
		assertThat(Jsoup.parse(off.body()).select("#two-factor-done").text())
			.startsWith("Two-step verification is off.");
		assertThat(this.totp.isEnrolled(user.getId())).isFalse();
		assertThat(browser.get(origin() + path).statusCode()).as("nothing left to turn off").isEqualTo(302);
	}

	@Test
	void newBackupCodesWhenPasswordWrongThenOldCodesStayElseNewOnesShown() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		List<String> old = this.provider.fixtures().backupCodes(user);
		Browser browser = Pages.signedIn(origin(), user, app);
		String path = "/accounts/profile/two-factor/backup-codes";

		HttpResponse<String> page = confirmationVia(browser, "a#regenerate", path, false);
		assertRefusedBesideTheField(confirm(browser, page, "wrong"), path, "The current password is not correct.");
		assertThat(this.backupCodes.use(user.getId(), old.get(0))).isTrue();

		HttpResponse<String> codes = confirm(browser, page, TestFixtures.PASSWORD);
		assertThat(Jsoup.parse(codes.body()).select("#backup-codes li")).hasSize(10);
		assertThat(this.backupCodes.use(user.getId(), old.get(1))).isFalse();
	}

	@Test
	void enableEmailCodesWhenPasswordWrongThenStillOffElseOn() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(origin(), user);
		String path = "/accounts/profile/two-factor/email";

		HttpResponse<String> page = confirmationVia(browser, "a#enable-email", path, false);
		assertRefusedBesideTheField(confirm(browser, page, "wrong"), path, "The current password is not correct.");
		assertThat(this.emailCodes.isEnabled(user.getId())).isFalse();

		HttpResponse<String> codes = confirm(browser, page, TestFixtures.PASSWORD);
		assertThat(Jsoup.parse(codes.body()).select("#backup-codes li")).hasSize(10);
		assertThat(this.emailCodes.isEnabled(user.getId())).isTrue();
		assertThat(Jsoup.parse(profile(browser).body()).select("#enable-email")).isEmpty();
	}

	@Test
	void endSessionWhenPasswordWrongThenOtherDeviceStaysElseItIsSignedOut() {
		SsoUser user = this.provider.fixtures().user();
		Browser other = Pages.signedIn(origin(), user);
		Browser browser = Pages.signedIn(origin(), user);
		String path = "/accounts/profile/sessions/end";

		HttpResponse<String> page = confirmationVia(browser, "tr.device:not(.current) a.end-session", path, true);
		Document document = Jsoup.parse(page.body());
		assertThat(document.select("#confirm-device").text()).contains("Java").contains("127.0.0.1");
		String handle = document.selectFirst("form#confirm-action input[name=session]").attr("value");
		assertThat(page.uri().getQuery()).isEqualTo("session=" + handle);

		HttpResponse<String> refused = confirm(browser, page, "wrong");
		assertRefusedBesideTheField(refused, path, "The current password is not correct.");
		assertThat(refused.uri().getQuery()).contains("session=" + handle);
		assertThat(other.get(origin() + "/").statusCode()).isEqualTo(200);

		HttpResponse<String> ended = confirm(browser, refused, TestFixtures.PASSWORD);
		assertThat(Jsoup.parse(ended.body()).select("#devices-done").text()).isEqualTo("The session has ended.");
		assertThat(Browser.location(other.get(origin() + "/"))).endsWith("/accounts/login");
		assertThat(browser.get(origin() + path + "?session=" + handle).statusCode()).as("ended").isEqualTo(404);
	}

	@Test
	void endSessionPageWhenHandleUnknownForeignMalformedMissingOrThisSessionThenReadable404() {
		SsoUser alice = this.provider.fixtures().user();
		SsoUser bob = this.provider.fixtures().user();
		Pages.signedIn(origin(), bob);
		Browser bobBrowser = Pages.signedIn(origin(), bob);
		Document bobs = Jsoup.parse(profile(bobBrowser).body());
		String bobHandle = bobs.selectFirst("tr.device:not(.current) a.end-session").attr("data-session");
		Pages.signedIn(origin(), alice);
		Browser aliceBrowser = Pages.signedIn(origin(), alice);

		for (String query : List.of("?session=" + bobHandle, "?session=" + "A".repeat(43), "?session=%00%3Cx%3E",
				"?session=" + "x".repeat(5000), "", "?session=")) {
			HttpResponse<String> page = aliceBrowser.get(origin() + "/accounts/profile/sessions/end" + query);
			ErrorResponses.assertNothingLeaked(page);
			assertThat(page.statusCode()).as(query).isEqualTo(404);
			Document document = Jsoup.parse(page.body());
			assertThat(document.select("#confirm-missing").text())
				.isEqualTo("There is no such session to end: it may have ended already. "
						+ "Your account lists the sessions that are still open.");
			assertThat(document.select("form#confirm-action, #confirm-device")).isEmpty();
			assertThat(page.body()).doesNotContain("Java").doesNotContain("127.0.0.1");
		}
		// This session is not ended from here either (signing out does that).
		String current = currentHandle(aliceBrowser);
		assertThat(aliceBrowser.get(origin() + "/accounts/profile/sessions/end?session=" + current).statusCode())
			.isEqualTo(404);
		assertThat(Jsoup.parse(profile(bobBrowser).body()).select("tr.device")).hasSize(2);
	}

	/** The handle of the browser's own session: the one its profile lists that no link ends. */
	private String currentHandle(Browser browser) {
		String sessionCookie = browser.cookies().getCookieStore().getCookies().stream()
			.filter((c) -> c.getName().equals("SESSION")).findFirst().orElseThrow().getValue();
		String sessionId = new String(java.util.Base64.getDecoder().decode(sessionCookie),
				java.nio.charset.StandardCharsets.US_ASCII);
		return io.microsys.sso.provider.session.SessionIdHash.of(sessionId);
	}

	@Test
	void endOtherSessionsWhenPasswordWrongThenAllStayElseOnlyThisOneStays() {
		SsoUser user = this.provider.fixtures().user();
		Browser one = Pages.signedIn(origin(), user);
		Browser two = Pages.signedIn(origin(), user);
		Browser browser = Pages.signedIn(origin(), user);
		String path = "/accounts/profile/sessions/end-others";

		HttpResponse<String> page = confirmationVia(browser, "a#end-others", path, true);
		assertThat(Jsoup.parse(page.body()).select("#confirm-what").text()).contains("(2)");
		assertThat(Jsoup.parse(page.body()).select("#confirm-devices li")).hasSize(2)
			.allSatisfy((device) -> assertThat(device.text()).contains("Java").contains("127.0.0.1"));
		assertRefusedBesideTheField(confirm(browser, page, "wrong"), path, "The current password is not correct.");
		assertThat(one.get(origin() + "/").statusCode()).isEqualTo(200);

		HttpResponse<String> done = confirm(browser, page, TestFixtures.PASSWORD);
		assertThat(Jsoup.parse(done.body()).select("#devices-done").text()).isEqualTo("Your other sessions have ended.");
		assertThat(Browser.location(one.get(origin() + "/"))).endsWith("/accounts/login");
		assertThat(Browser.location(two.get(origin() + "/"))).endsWith("/accounts/login");
		assertThat(browser.get(origin() + "/").statusCode()).isEqualTo(200);
		assertThat(Browser.location(browser.get(origin() + path))).as("none left").endsWith("/accounts/profile#devices");
	}

	@Test
	void confirmationWhenPostedWithoutCsrfThen403AndNothingChanges() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		this.provider.fixtures().backupCodes(user);
		Browser other = Pages.signedIn(origin(), user, app);
		Browser browser = Pages.signedIn(origin(), user, app);
		String handle = Jsoup.parse(profile(browser).body()).selectFirst("tr.device:not(.current) a.end-session")
			.attr("data-session");

		for (String path : List.of("/accounts/profile/two-factor/disable", "/accounts/profile/two-factor/backup-codes",
				"/accounts/profile/sessions/end-others", "/accounts/profile/sessions/end?session=" + handle)) {
			HttpResponse<String> page = browser.get(origin() + path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			Element form = Jsoup.parse(page.body(), origin()).selectFirst("form#confirm-action");
			Map<String, String> fields = new java.util.HashMap<>();
			form.select("input[type=hidden]:not([name=_csrf])").forEach((input) -> fields.put(input.attr("name"), input.val()));
			fields.put("currentPassword", TestFixtures.PASSWORD);
			assertThat(browser.post(form.absUrl("action"), fields).statusCode()).as(path).isEqualTo(403);
		}
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
		assertThat(this.backupCodes.remaining(user.getId())).isEqualTo(10);
		assertThat(other.get(origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void confirmationWhenArabicThenRightToLeftWithArabicTextAndWesternDigits() {
		SsoUser user = this.provider.fixtures().user();
		Pages.signedIn(origin(), user);
		Pages.signedIn(origin(), user);
		Browser browser = Pages.signedIn(origin(), user);

		HttpResponse<String> page = browser.get(origin() + "/accounts/profile/sessions/end-others?lang=ar");
		assertThat(page.statusCode()).isEqualTo(200);
		Document document = Jsoup.parse(page.body());
		assertThat(document.selectFirst("html").attr("dir")).isEqualTo("rtl");
		assertThat(document.select("h1").text()).isEqualTo("إنهاء كل الجلسات الأخرى");
		assertThat(document.select("#confirm-what").text()).contains("(2)").doesNotContainPattern("[\u0660-\u0669]");
		HttpResponse<String> refused = confirm(browser, page, "wrong");
		assertRefusedBesideTheField(refused, "/accounts/profile/sessions/end-others", "كلمة المرور الحالية غير صحيحة.");
	}

}
