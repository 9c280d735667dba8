package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.support.TestOutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Password reset by email over real HTTP, with the mail read from a real SMTP server: the same
 * answer for known and unknown accounts, a single-use link that expires, the second factor still
 * asked, and every session ended afterwards.
 */
@ProviderIntegrationTest
class PasswordResetTests {

	static final String NEW_PASSWORD = "a-brand-new-passphrase-42";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	PasswordResetTests(Provider provider) {
		this.provider = provider;
	}

	private HttpResponse<String> ask(Browser browser, String login) {
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/password/reset");
		assertThat(page.statusCode()).isEqualTo(200);
		return browser.followWithin(browser.submitForm(page, Map.of("login", login)), this.provider.origin());
	}

	private String link(SsoUser user, int nth) {
		MimeMessage message = TestMail.await(user.getEmail(), nth);
		assertThat(TestMail.subject(message)).isEqualTo("Reset your password");
		assertThat(TestMail.from(message)).isEqualTo("Microsys SSO <no-reply@localhost>");
		String link = TestMail.find(message, "(http://\\S+/accounts/password/reset/[A-Za-z0-9_-]{43})");
		assertThat(TestMail.html(message)).contains(link);
		return link;
	}

	private HttpResponse<String> signIn(Browser browser, String username, String password) {
		return Pages.password(browser, this.provider.origin(), username, password);
	}

	@Test
	void resetWhenLinkFollowedThenNewPasswordWorksOldDoesNotAndSessionsEnded() {
		SsoUser user = this.provider.fixtures().user();
		Browser elsewhere = new Browser();
		assertThat(signIn(elsewhere, user.getUsername(), TestFixtures.PASSWORD).uri().getPath()).isEqualTo("/");

		HttpResponse<String> sent = ask(new Browser(), user.getEmail().toUpperCase());
		assertThat(sent.uri().getPath()).isEqualTo("/accounts/password/reset/sent");
		String link = link(user, 1);

		Browser browser = new Browser();
		HttpResponse<String> form = browser.get(link);
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).doesNotContain("name=\"code\"");
		HttpResponse<String> done = browser.submitForm(form,
				Map.of("newPassword", NEW_PASSWORD, "newPasswordConfirm", NEW_PASSWORD));
		assertThat(Browser.location(done)).endsWith("/accounts/login?reset");

		assertThat(signIn(new Browser(), user.getUsername(), TestFixtures.PASSWORD).body())
			.contains("The username or password is not correct");
		assertThat(signIn(new Browser(), user.getUsername(), NEW_PASSWORD).uri().getPath()).isEqualTo("/");
		// The session signed in before the reset has ended.
		HttpResponse<String> stale = elsewhere.get(this.provider.origin() + "/");
		assertThat(Browser.location(stale)).endsWith("/accounts/login");
		// The person is told.
		assertThat(TestMail.subject(TestMail.await(user.getEmail(), 2))).isEqualTo("Your password was changed");
		// The link worked once.
		HttpResponse<String> reused = browser.get(link);
		assertThat(reused.statusCode()).isEqualTo(404);
		assertThat(reused.body()).contains("This link does not work").contains("/accounts/password/reset");
		assertThat(count("PASSWORD_RESET_COMPLETED", user)).isEqualTo(1);
	}

	@Test
	void resetWhenAccountUnknownThenSamePageAndNoMail() {
		String nobody = TestFixtures.unique("nobody") + "@example.com";
		SsoUser user = this.provider.fixtures().user();
		HttpResponse<String> unknown = ask(new Browser(), nobody);
		HttpResponse<String> known = ask(new Browser(), user.getUsername());
		assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(200);
		assertThat(unknown.uri()).isEqualTo(known.uri());
		assertThat(strip(unknown.body())).isEqualTo(strip(known.body()));
		TestMail.await(user.getEmail(), 1);
		assertThat(TestMail.to(nobody)).isEmpty();
		// The account is looked up after the answer: wait for the unknown one's audit entry.
		String unknownAudits = "SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'PASSWORD_RESET_REQUESTED' AND reason = 'unknown_account' AND username = ?";
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.jdbc.queryForObject(unknownAudits, Long.class, nobody) > 0);
		assertThat(this.jdbc.queryForObject(unknownAudits, Long.class, nobody)).isEqualTo(1);
		assertThat(count("PASSWORD_RESET_REQUESTED", user)).isEqualTo(1);
		// Recorded with the asking browser's address.
		assertThat(this.jdbc.queryForObject("SELECT ip_address FROM sso_audit_event WHERE event_type = "
				+ "'PASSWORD_RESET_REQUESTED' AND username = ?", String.class, nobody)).isEqualTo("127.0.0.1");
	}

	@Test
	void resetWhenAskedTwiceQuicklyThenOneMail() {
		TestOutbox outbox = TestOutbox.mark(this.jdbc);
		SsoUser user = this.provider.fixtures().user();
		ask(new Browser(), user.getEmail());
		ask(new Browser(), user.getEmail());
		TestMail.await(user.getEmail(), 1);
		outbox.awaitDone();
		assertThat(TestMail.to(user.getEmail())).hasSize(1);
	}

	@Test
	void resetWhenLinkExpiredForgedOrTruncatedThenFriendlyNotFoundPage() {
		SsoUser user = this.provider.fixtures().user();
		ask(new Browser(), user.getUsername());
		String link = link(user, 1);
		this.jdbc.update("UPDATE sso_link_token SET expires_at = ? WHERE user_id = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), user.getId());
		Browser browser = new Browser();
		for (String url : new String[] { link, link.substring(0, link.length() - 1),
				this.provider.origin() + "/accounts/password/reset/" + "A".repeat(43) }) {
			HttpResponse<String> page = browser.get(url);
			assertThat(page.statusCode()).as(url).isEqualTo(404);
			assertThat(page.body()).contains("Ask for a new link");
		}
		HttpResponse<String> post = browser.post(link, Map.of("_csrf", csrf(browser), "newPassword", NEW_PASSWORD,
				"newPasswordConfirm", NEW_PASSWORD));
		assertThat(post.statusCode()).isEqualTo(404);
		assertThat(signIn(new Browser(), user.getUsername(), TestFixtures.PASSWORD).uri().getPath()).isEqualTo("/");
	}

	@Test
	void resetWhenWeakOrMismatchedPasswordThen400AndNothingChanges() {
		SsoUser user = this.provider.fixtures().user();
		ask(new Browser(), user.getUsername());
		Browser browser = new Browser();
		HttpResponse<String> form = browser.get(link(user, 1));
		HttpResponse<String> common = browser.submitForm(form, Map.of("newPassword", "password123",
				"newPasswordConfirm", "password123"));
		assertThat(common.statusCode()).isEqualTo(400);
		assertThat(common.body()).contains("too common");
		assertThat(Jsoup.parse(common.body()).getElementById("newPassword").nextElementSibling().text())
			.isEqualTo("This password is too common. Choose another.");
		HttpResponse<String> mismatch = browser.submitForm(common, Map.of("newPassword", NEW_PASSWORD,
				"newPasswordConfirm", NEW_PASSWORD + "x"));
		assertThat(mismatch.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(mismatch.body()).getElementById("newPasswordConfirm-error").text())
			.isEqualTo("The two passwords are not the same.");
		assertThat(signIn(new Browser(), user.getUsername(), TestFixtures.PASSWORD).uri().getPath()).isEqualTo("/");
		// The link still works after mistakes.
		HttpResponse<String> done = browser.submitForm(mismatch, Map.of("newPassword", NEW_PASSWORD,
				"newPasswordConfirm", NEW_PASSWORD));
		assertThat(Browser.location(done)).endsWith("/accounts/login?reset");
	}

	@Test
	void resetWhenAuthenticatorEnrolledThenCodeRequiredAndSignInStillAsksForSecondFactor() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		// A browser trusted before the reset asks for the second step again afterwards.
		Browser trusted = new Browser();
		HttpResponse<String> challenge = signIn(trusted, user.getUsername(), TestFixtures.PASSWORD);
		trusted.followWithin(trusted.submitForm(challenge, "form#challenge",
				Map.of("code", phone.nextCode(), "trust", "true")), this.provider.origin());
		trusted.submitForm(trusted.get(this.provider.origin() + "/accounts/logout"), Map.of());
		ask(new Browser(), user.getUsername());
		Browser browser = new Browser();
		HttpResponse<String> form = browser.get(link(user, 1));
		assertThat(form.body()).contains("name=\"code\"");
		HttpResponse<String> wrong = browser.submitForm(form,
				Map.of("newPassword", NEW_PASSWORD, "newPasswordConfirm", NEW_PASSWORD, "code", "123456"));
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("That code is not correct");
		HttpResponse<String> done = browser.submitForm(wrong,
				Map.of("newPassword", NEW_PASSWORD, "newPasswordConfirm", NEW_PASSWORD, "code", phone.nextCode()));
		assertThat(Browser.location(done)).endsWith("/accounts/login?reset");

		HttpResponse<String> signIn = signIn(new Browser(), user.getUsername(), NEW_PASSWORD);
		assertThat(signIn.uri().getPath()).isEqualTo("/accounts/login/challenge");
		assertThat(signIn(trusted, user.getUsername(), NEW_PASSWORD).uri().getPath())
			.isEqualTo("/accounts/login/challenge");
	}

	@Test
	void changeWhenCurrentPasswordRightThenOtherSessionsEndAndMailSent() {
		SsoUser user = this.provider.fixtures().user();
		Browser elsewhere = new Browser();
		signIn(elsewhere, user.getUsername(), TestFixtures.PASSWORD);
		Browser browser = new Browser();
		signIn(browser, user.getUsername(), TestFixtures.PASSWORD);
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");

		HttpResponse<String> wrong = browser.followWithin(browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", "not-my-password", "newPassword", NEW_PASSWORD, "newPasswordConfirm",
						NEW_PASSWORD)),
				this.provider.origin());
		assertThat(wrong.body()).contains("The current password is not correct");

		HttpResponse<String> changed = browser.followWithin(browser.submitForm(wrong, "form#change-password",
				Map.of("currentPassword", TestFixtures.PASSWORD, "newPassword", NEW_PASSWORD, "newPasswordConfirm",
						NEW_PASSWORD)),
				this.provider.origin());
		assertThat(changed.body()).contains("Your password has been changed");
		assertThat(Browser.location(elsewhere.get(this.provider.origin() + "/"))).endsWith("/accounts/login");
		assertThat(browser.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
		MimeMessage mail = TestMail.await(user.getEmail(), 1);
		assertThat(TestMail.subject(mail)).isEqualTo("Your password was changed");
		assertThat(count("PASSWORD_CHANGED", user)).isEqualTo(1);
		assertThat(count("REAUTHENTICATION_FAILED", user)).isEqualTo(1);
	}

	@Test
	void resetMailWhenPersonSpeaksArabicThenArabicRightToLeft() {
		SsoUser user = this.provider.fixtures().user((u) -> u.setLanguage("ar"));
		ask(new Browser(), user.getUsername());
		MimeMessage message = TestMail.await(user.getEmail(), 1);
		assertThat(TestMail.subject(message)).isEqualTo("إعادة تعيين كلمة المرور");
		assertThat(TestMail.html(message)).contains("dir=\"rtl\"").contains("lang=\"ar\"");
		assertThat(TestMail.text(message)).contains("/accounts/password/reset/");
	}

	private String csrf(Browser browser) {
		return Browser.csrfToken(browser.get(this.provider.origin() + "/accounts/password/reset"));
	}

	private long count(String type, SsoUser user) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND user_uuid = ?",
				Long.class, type, user.getUuid());
	}

	/** The page without its per-request values (CSRF token, CSP nonce). */
	private static String strip(String body) {
		return body.replaceAll("value=\"[^\"]{20,}\"", "").replaceAll("nonce-[^\"']+", "");
	}

}
