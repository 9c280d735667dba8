package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Missing, oversized and binary input on every sign-up, invitation and administration form, and
 * malformed tokens and ids in their paths: a readable 4xx (or the form again with its message),
 * never a 500 or a trace, and nothing is created or changed.
 */
@ProviderIntegrationTest
class RegistrationBadInputTests {

	static final String BIG = "x".repeat(100_000);

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RuntimeSettings settings;

	RegistrationBadInputTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.settings.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.AUTO_LOGIN_AFTER_VERIFY),
				null);
	}

	@AfterEach
	void closeRegistration() {
		this.settings.setRegistration(new RuntimeSettings.Registration(false, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	/** Accounts with these addresses (other tests' sign-ups may still be processed meanwhile). */
	private long accounts(String... emails) {
		long count = 0;
		for (String email : emails) {
			count += this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE email_key = ?", Long.class,
					email.toLowerCase(java.util.Locale.ROOT));
		}
		return count;
	}

	private HttpResponse<String> postWithCsrf(Browser browser, String path, Map<String, String> fields) {
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/login");
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", Browser.csrfToken(page));
		return browser.post(this.provider.origin() + path, form);
	}

	static List<Map<String, String>> signUps() {
		String email = "bad-input@example.com";
		String password = "a-good-enough-phrase-5";
		return List.of(Map.of(), Map.of("email", BIG), Map.of("email", "a\u0000b@example.com", "firstName", "A",
				"password", password, "passwordConfirm", password),
				Map.of("email", email, "firstName", BIG, "password", password, "passwordConfirm", password),
				Map.of("email", email, "firstName", "Nul\u0000", "password", password, "passwordConfirm", password),
				Map.of("email", email, "firstName", "A", "lastName", "\u0007bell", "password", password,
						"passwordConfirm", password),
				Map.of("email", email, "firstName", "A", "username", BIG, "password", password, "passwordConfirm",
						password),
				Map.of("email", email, "firstName", "A", "password", BIG, "passwordConfirm", BIG),
				Map.of("email", email, "firstName", "A", "password", password));
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("signUps")
	void registerWhenFieldsBadThenFormAgainWith400AndNothingCreated(Map<String, String> fields) {
		Browser browser = RegistrationTests.browser();
		HttpResponse<String> answer = postWithCsrf(browser, "/accounts/register", fields);
		ErrorResponses.assertNothingLeaked(answer);
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("role=\"alert\"").doesNotContain(BIG);
		// Nothing was queued either: a valid sign-up sent afterwards is processed, the bad one never.
		String control = TestFixtures.unique("control") + "@example.com";
		postWithCsrf(browser, "/accounts/register", Map.of("email", control, "firstName", "C", "password",
				"a-good-enough-phrase-5", "passwordConfirm", "a-good-enough-phrase-5"));
		TestMail.await(control, 1);
		assertThat(accounts("bad-input@example.com", "a\u0000b@example.com")).isZero();
	}

	@Test
	void tokensAndIdsWhenMalformedThenReadable4xx() {
		Browser browser = RegistrationTests.browser();
		for (String token : List.of("%00", "..%2f..%2fetc", "x".repeat(2000), "%E2%80%AE", "a%20b")) {
			for (String path : List.of("/accounts/register/verify/", "/accounts/invitation/")) {
				HttpResponse<String> page = browser.get(this.provider.origin() + path + token);
				ErrorResponses.assertNothingLeaked(page);
				assertThat(page.statusCode()).as(path + token).isBetween(400, 404);
			}
		}
		for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("email", BIG),
				Map.of("email", "\u0000"))) {
			HttpResponse<String> sent = browser.followWithin(postWithCsrf(browser, "/accounts/register/resend", fields),
					this.provider.origin());
			assertThat(sent.uri().getPath()).isEqualTo("/accounts/register/sent");
		}
		HttpResponse<String> verify = postWithCsrf(browser, "/accounts/register/verify/" + "D".repeat(43),
				Map.of("password", BIG));
		assertThat(verify.statusCode()).isEqualTo(404);

		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		Browser admin = Pages.signedIn(this.provider.origin(), superuser);
		String csrf = Browser.csrfToken(admin.get(this.provider.origin() + "/accounts/profile"));
		for (String id : List.of("abc", "99999999999999999999", "-1")) {
			HttpResponse<String> revoke = admin.post(this.provider.origin() + "/sys/invitations/" + id + "/revoke",
					Map.of("_csrf", csrf));
			ErrorResponses.assertNothingLeaked(revoke);
			assertThat(revoke.statusCode()).as(id).isIn(302, 400);
		}
		for (String uuid : List.of("not-a-uuid", "x".repeat(500))) {
			HttpResponse<String> decided = admin.followWithin(admin.post(this.provider.origin() + "/sys/registrations/" + uuid
					+ "/approve", Map.of("_csrf", csrf, "reason", BIG)), this.provider.origin());
			ErrorResponses.assertNothingLeaked(decided);
			assertThat(decided.body()).contains("role=\"alert\"");
		}
		for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("registrationMode", BIG),
				Map.of("registrationEnabled", BIG, "registrationMode", "auto_login_after_verify"))) {
			Map<String, String> form = new LinkedHashMap<>(fields);
			form.put("_csrf", csrf);
			HttpResponse<String> saved = admin.post(this.provider.origin() + "/sys/settings", form);
			ErrorResponses.assertNothingLeaked(saved);
			assertThat(saved.statusCode()).isEqualTo(400);
		}
		for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("app", BIG, "email", BIG, "role", BIG),
				Map.of("app", "\u0000", "email", "\u0000", "role", "\u0000"))) {
			Map<String, String> form = new LinkedHashMap<>(fields);
			form.put("_csrf", csrf);
			HttpResponse<String> invited = admin.followWithin(admin.post(this.provider.origin() + "/sys/invitations", form),
					this.provider.origin());
			ErrorResponses.assertNothingLeaked(invited);
			assertThat(invited.body()).contains("role=\"alert\"");
		}
	}

	@Test
	void invitationFormWhenFieldsBadThenFormAgainAndNothingCreated() {
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		String email = TestFixtures.unique("bad-invite") + "@example.com";
		Browser admin = Pages.signedIn(this.provider.origin(), superuser);
		admin.submitForm(admin.get(this.provider.origin() + "/sys/invitations"), "form#invite",
				Map.of("app", app.getClientId(), "email", email, "role", "user", "language", "en"));
		String link = TestMail.find(TestMail.await(email, 1),
				"(http://\\S+/accounts/invitation/[A-Za-z0-9_-]{43})");
		String path = link.substring(link.indexOf("/accounts/"));
		for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("firstName", BIG),
				Map.of("firstName", "\u0000", "password", "x", "passwordConfirm", "x"),
				Map.of("firstName", "A", "username", "\u0000\u0001", "password", BIG, "passwordConfirm", BIG))) {
			Browser browser = new Browser();
			HttpResponse<String> answer = postWithCsrf(browser, path, fields);
			ErrorResponses.assertNothingLeaked(answer);
			assertThat(answer.statusCode()).isEqualTo(400);
			assertThat(answer.body()).contains("role=\"alert\"").doesNotContain(BIG);
		}
		assertThat(accounts(email)).isZero();
		// Still pending: the form errors used nothing up.
		assertThat(new Browser().get(link).statusCode()).isEqualTo(200);
	}

}
