package io.microsys.sso.provider.twofactor;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Missing, oversized and malformed fields on every account-security form: a readable answer (the
 * form again with a message, or a 4xx page), never a 500 or a stack trace, and nothing changes.
 */
@ProviderIntegrationTest
class AccountSecurityBadInputTests {

	static final String BIG = "x".repeat(100_000);

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TotpStore totp;

	SsoUser user;

	Authenticator phone;

	AccountSecurityBadInputTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.user = this.provider.fixtures().user();
		this.phone = this.provider.fixtures().authenticator(this.user);
	}

	static List<Object[]> profileForms() {
		return List.of(new Object[] { "/accounts/profile/password", Map.of() },
				new Object[] { "/accounts/profile/password", Map.of("currentPassword", BIG, "newPassword", BIG,
						"newPasswordConfirm", BIG) },
				new Object[] { "/accounts/profile/password", Map.of("currentPassword", TestFixtures.PASSWORD,
						"newPassword", BIG, "newPasswordConfirm", BIG) },
				new Object[] { "/accounts/profile/sessions/end", Map.of() },
				new Object[] { "/accounts/profile/sessions/end", Map.of("currentPassword", TestFixtures.PASSWORD,
						"session", BIG) },
				new Object[] { "/accounts/profile/sessions/end-others", Map.of("currentPassword", "") },
				new Object[] { "/accounts/profile/two-factor/disable", Map.of() },
				new Object[] { "/accounts/profile/two-factor/disable", Map.of("currentPassword", BIG) },
				new Object[] { "/accounts/profile/two-factor/backup-codes", Map.of("currentPassword", "\u0000") },
				new Object[] { "/accounts/profile/two-factor/email", Map.of() },
				new Object[] { "/accounts/profile/two-factor/authenticator", Map.of("code", BIG) });
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("profileForms")
	void profileFormWhenFieldsBadThenReadableAnswerAndNothingChanges(String path, Map<String, String> fields) {
		Browser browser = signedIn();
		String hash = passwordHash();
		HttpResponse<String> answer = postWithCsrf(browser, path, fields);
		HttpResponse<String> page = browser.followWithin(answer, this.provider.origin());
		ErrorResponses.assertNothingLeaked(page);
		assertThat(page.statusCode()).as(page.body()).isIn(200, 400, 404);
		if (page.statusCode() == 200) {
			assertThat(page.body()).containsAnyOf("role=\"alert\"", "role=\"status\"");
		}
		assertThat(passwordHash()).isEqualTo(hash);
		assertThat(this.totp.isEnrolled(this.user.getId())).isTrue();
		assertThat(browser.get(this.provider.origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void challengeWhenCodeMissingOversizedOrBinaryThenChallengeAgain() {
		for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("code", BIG),
				Map.of("code", "\u0000\u0001"), Map.of("code", "١٢٣٤٥٦"), Map.of("code", "12345678901234567890"))) {
			Browser browser = new Browser();
			HttpResponse<String> challenge = Pages.password(browser, this.provider.origin(), this.user.getUsername(),
					TestFixtures.PASSWORD);
			HttpResponse<String> again = browser.followWithin(postWithCsrf(browser, "/accounts/login/challenge", fields),
					this.provider.origin());
			ErrorResponses.assertNothingLeaked(again);
			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(again.uri().getPath()).isEqualTo("/accounts/login/challenge");
			assertThat(browser.get(this.provider.origin() + "/accounts/profile").statusCode()).isEqualTo(302);
			assertThat(challenge.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void resetWhenLoginMissingOrOversizedOrTokenMalformedThenReadableAnswer() {
		Browser browser = new Browser();
		for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("login", BIG),
				Map.of("login", "   "))) {
			HttpResponse<String> page = browser.followWithin(postWithCsrf(browser, "/accounts/password/reset", fields),
					this.provider.origin());
			ErrorResponses.assertNothingLeaked(page);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Enter your email address or username");
		}
		for (String token : List.of("%00", "..%2f..%2fetc", "x".repeat(2000), "%E2%80%AE", "a b")) {
			HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/password/reset/" + token.replace(" ", "%20"));
			ErrorResponses.assertNothingLeaked(page);
			assertThat(page.statusCode()).as(token).isBetween(400, 404);
		}
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_link_token WHERE user_id = ?", Integer.class,
				this.user.getId())).isZero();
	}

	private Browser signedIn() {
		return Pages.signedIn(this.provider.origin(), this.user, this.phone);
	}

	private HttpResponse<String> postWithCsrf(Browser browser, String path, Map<String, String> fields) {
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/password/reset");
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", Browser.csrfToken(page));
		return browser.post(this.provider.origin() + path, form);
	}

	private String passwordHash() {
		return this.jdbc.queryForObject("SELECT password_hash FROM sso_user WHERE id = ?", String.class,
				this.user.getId());
	}

}
