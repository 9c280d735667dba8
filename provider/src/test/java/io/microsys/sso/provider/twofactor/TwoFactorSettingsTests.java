package io.microsys.sso.provider.twofactor;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two-step verification on the profile over real HTTP: new backup codes and turning it off only
 * with the current password (POST with CSRF), email codes switched on, and what each change does
 * to the next sign-in.
 */
@ProviderIntegrationTest
class TwoFactorSettingsTests {

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	TotpStore totp;

	@Autowired
	BackupCodes backupCodes;

	@Autowired
	TrustedBrowsers trustedBrowsers;

	TwoFactorSettingsTests(Provider provider) {
		this.provider = provider;
	}

	/** Signs in, passing the challenge with the app when asked (and trusting the browser if told). */
	private Browser signedIn(SsoUser user, Authenticator app, boolean trust) {
		if (!trust) {
			return Pages.signedIn(this.provider.origin(), user, app);
		}
		Browser browser = new Browser();
		HttpResponse<String> challenge = Pages.password(browser, this.provider.origin(), user.getUsername(), TestFixtures.PASSWORD);
		HttpResponse<String> home = browser.followWithin(browser.submitForm(challenge, "form#challenge",
				Map.of("code", app.nextCode(), "trust", "true")), this.provider.origin());
		assertThat(home.uri().getPath()).isEqualTo("/");
		return browser;
	}

	private HttpResponse<String> post(Browser browser, String path, Map<String, String> form) {
		String csrf = Browser.csrfToken(browser.get(this.provider.origin() + "/accounts/profile"));
		Map<String, String> body = new java.util.LinkedHashMap<>(form);
		body.put("_csrf", csrf);
		return browser.followWithin(browser.post(this.provider.origin() + path, body), this.provider.origin());
	}

	@Test
	void regenerateWhenCurrentPasswordRightThenTenNewCodesAndOldOnesVoid() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		List<String> old = this.provider.fixtures().backupCodes(user);
		Browser browser = signedIn(user, app, false);

		HttpResponse<String> refused = post(browser, "/accounts/profile/two-factor/backup-codes",
				Map.of("currentPassword", "wrong"));
		assertThat(refused.body()).contains("The current password is not correct");
		assertThat(this.backupCodes.use(user.getId(), old.get(0))).isTrue();

		HttpResponse<String> shown = post(browser, "/accounts/profile/two-factor/backup-codes",
				Map.of("currentPassword", TestFixtures.PASSWORD));
		assertThat(shown.headers().firstValue("Cache-Control")).hasValueSatisfying((v) -> assertThat(v).contains("no-store"));
		List<String> fresh = Jsoup.parse(shown.body()).select("#backup-codes li").eachText();
		assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
		assertThat(this.backupCodes.use(user.getId(), old.get(1))).isFalse();
		assertThat(this.backupCodes.use(user.getId(), fresh.get(0))).isTrue();
	}

	@Test
	void disableWhenCurrentPasswordRightThenFactorsCodesAndTrustedBrowsersGoneAndSignInAsksNoCode() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		this.provider.fixtures().backupCodes(user);
		Browser browser = signedIn(user, app, true);
		assertThat(this.trustedBrowsers.count(user.getId())).isEqualTo(1);

		HttpResponse<String> refused = post(browser, "/accounts/profile/two-factor/disable",
				Map.of("currentPassword", "wrong"));
		assertThat(refused.body()).contains("The current password is not correct");
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();

		HttpResponse<String> off = post(browser, "/accounts/profile/two-factor/disable",
				Map.of("currentPassword", TestFixtures.PASSWORD));
		assertThat(off.body()).contains("Two-step verification is off.");
		assertThat(this.totp.isEnrolled(user.getId())).isFalse();
		assertThat(this.backupCodes.remaining(user.getId())).isZero();
		assertThat(this.trustedBrowsers.count(user.getId())).isZero();
		assertThat(this.context.getBean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'TWO_FACTOR_REMOVED' AND user_uuid = ?",
				Long.class, user.getUuid())).isEqualTo(1);
		signedIn(user, null, false);
	}

	@Test
	void passwordChangeWhenBrowserWasTrustedThenItAsksForTheSecondStepAgain() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		Browser browser = signedIn(user, app, true);
		String newPassword = "a-brand-new-passphrase-42";
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		HttpResponse<String> changed = browser.followWithin(browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", TestFixtures.PASSWORD, "newPassword", newPassword, "newPasswordConfirm",
						newPassword)),
				this.provider.origin());
		assertThat(changed.body()).contains("Your password has been changed");
		assertThat(this.trustedBrowsers.count(user.getId())).isZero();
		browser.submitForm(browser.get(this.provider.origin() + "/accounts/logout"), Map.of());

		assertThat(Pages.password(browser, this.provider.origin(), user.getUsername(), newPassword).uri().getPath())
			.isEqualTo("/accounts/login/challenge");
	}

	@Test
	void guardWhenManyWrongPasswordsThenBlockedEvenWithTheRightOne() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		Browser browser = signedIn(user, app, false);
		for (int i = 0; i < 5; i++) {
			post(browser, "/accounts/profile/two-factor/disable", Map.of("currentPassword", "wrong-" + i));
		}
		this.provider.fixtures().failedCodes(user, 5);
		HttpResponse<String> blocked = post(browser, "/accounts/profile/two-factor/disable",
				Map.of("currentPassword", TestFixtures.PASSWORD));
		assertThat(blocked.body()).contains("Too many wrong attempts");
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
	}

	@Test
	void emailCodesWhenSwitchedOnThenChallengeOffersThemAndBackupCodesShown() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = signedIn(user, null, false);
		HttpResponse<String> codes = post(browser, "/accounts/profile/two-factor/email",
				Map.of("currentPassword", TestFixtures.PASSWORD));
		assertThat(Jsoup.parse(codes.body()).select("#backup-codes li")).hasSize(10);

		HttpResponse<String> challenge = Pages.password(new Browser(), this.provider.origin(), user.getUsername(),
				TestFixtures.PASSWORD);
		assertThat(challenge.uri().getPath()).isEqualTo("/accounts/login/challenge");
		assertThat(Jsoup.parse(challenge.body()).select("form#email-code")).hasSize(1);
	}

	@Test
	void changesWhenGetOrNoCsrfThenOnlyAskedOrRefusedAndNothingChanges() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		Browser browser = signedIn(user, app, false);
		// A GET only shows the confirmation page, asking for the password.
		HttpResponse<String> get = browser.get(this.provider.origin() + "/accounts/profile/two-factor/disable");
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(get.body()).select("form#confirm-action input[name=currentPassword]")).hasSize(1);
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
		assertThat(browser.post(this.provider.origin() + "/accounts/profile/two-factor/disable",
				Map.of("currentPassword", TestFixtures.PASSWORD)).statusCode()).isEqualTo(403);
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
	}

	@Test
	void setupWhenWrongFirstCodeThenNotEnrolled() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = signedIn(user, null, false);
		HttpResponse<String> setup = browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator");
		assertThat(setup.statusCode()).isEqualTo(200);
		HttpResponse<String> wrong = browser.followWithin(
				browser.submitForm(setup, "form#confirm", Map.of("code", "12345x")), this.provider.origin());
		assertThat(wrong.body()).contains("That code is not correct");
		assertThat(this.totp.isEnrolled(user.getId())).isFalse();
	}

	@Test
	void setupWhenReloadedOrCodeMistypedThenTheKeyStaysAndItsCodeTurnsItOn() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = signedIn(user, null, false);
		HttpResponse<String> setup = browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator");
		String key = shownKey(setup);
		assertThat(shownKey(browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator"))).isEqualTo(key);
		HttpResponse<String> wrong = browser.followWithin(
				browser.submitForm(setup, "form#confirm", Map.of("code", wrongCode(key))), this.provider.origin());
		assertThat(wrong.body()).contains("That code is not correct").contains("The key below has not changed");
		assertThat(shownKey(wrong)).isEqualTo(key);
		HttpResponse<String> done = browser.followWithin(
				browser.submitForm(wrong, "form#confirm", Map.of("code", new Authenticator(key).nextCode())), this.provider.origin());
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
	}

	@Test
	void setupWhenNewKeyAskedForThenTheOldKeysCodesNoLongerTurnItOn() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = signedIn(user, null, false);
		HttpResponse<String> setup = browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator");
		String oldKey = shownKey(setup);
		HttpResponse<String> fresh = browser.followWithin(browser.submitForm(setup, "form#new-key", Map.of()),
				this.provider.origin());
		String newKey = shownKey(fresh);
		assertThat(newKey).isNotEqualTo(oldKey);
		assertThat(fresh.body()).contains("This is a new key");
		HttpResponse<String> refused = browser.followWithin(
				browser.submitForm(fresh, "form#confirm", Map.of("code", new Authenticator(oldKey).nextCode())),
				this.provider.origin());
		assertThat(refused.body()).contains("That code is not correct");
		assertThat(this.totp.isEnrolled(user.getId())).isFalse();
		browser.followWithin(browser.submitForm(refused, "form#confirm",
				Map.of("code", new Authenticator(newKey).nextCode())), this.provider.origin());
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
	}

	/** A code of this key that no step the provider accepts now gives. */
	private static String wrongCode(String key) {
		byte[] secret = Base32.decode(key);
		long now = Totp.step(java.time.Instant.now());
		java.util.Set<String> valid = new java.util.HashSet<>();
		for (long step = now - 2; step <= now + 2; step++) {
			valid.add(Totp.standard().code(secret, step));
		}
		for (long step = now + 10;; step++) {
			String code = Totp.standard().code(secret, step);
			if (!valid.contains(code)) {
				return code;
			}
		}
	}

	private static String shownKey(HttpResponse<String> page) {
		assertThat(page.statusCode()).isEqualTo(200);
		return Jsoup.parse(page.body()).selectFirst("#totp-key").text().replace(" ", "");
	}

}
