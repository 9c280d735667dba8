package io.microsys.sso.provider.twofactor;

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
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two-step verification code forms over real HTTP: a set-up code that is not six digits answers
 * 400 with the page again, the error beside the code and the same key, and turns nothing on; a
 * challenge code that cannot be one asks again without spending an attempt.
 */
@ProviderIntegrationTest
class TwoFactorFieldErrorsTests {

	final Provider provider;

	@Autowired
	TotpStore totp;

	TwoFactorFieldErrorsTests(Provider provider) {
		this.provider = provider;
	}

	/** The error of {@code field}, checked to sit right after its input and to be announced by it. */
	static Element errorBeside(Document page, String field) {
		Element input = page.getElementById(field);
		Element error = page.getElementById(field + "-error");
		assertThat(input).as(field).isNotNull();
		assertThat(error).as(field + "-error").isNotNull();
		assertThat(input.nextElementSibling()).as("beside " + field).isEqualTo(error);
		assertThat(input.attr("aria-invalid")).isEqualTo("true");
		assertThat(input.attr("aria-describedby").split(" ")).contains(field + "-error");
		return error;
	}

	@Test
	void setupWhenCodeNotSixDigitsThenErrorBesideCodeAnd400AndKeyKeptAndNotEnrolled() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(this.provider.origin(), user);
		HttpResponse<String> setup = browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator");
		String key = Jsoup.parse(setup.body()).getElementById("totp-key").text();
		assertThat(Jsoup.parse(setup.body()).getElementById("code-error")).isNull();

		for (String typed : List.of("", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "12\u000034", "1".repeat(5000))) {
			HttpResponse<String> again = browser.submitForm(setup, "form#confirm", Map.of("code", typed));

			assertThat(again.statusCode()).as(typed).isEqualTo(400);
			Document page = Jsoup.parse(again.body());
			assertThat(errorBeside(page, "code").text())
				.isEqualTo("That code is not correct: enter the six digits your app shows now.");
			assertThat(page.select("#problem[role=alert]")).hasSize(1);
			assertThat(page.getElementById("totp-key").text()).isEqualTo(key);
			assertThat(page.getElementById("code").val()).isEmpty();
		}
		assertThat(this.totp.isEnrolled(user.getId())).isFalse();
	}

	@Test
	void setupWhenCodeInArabicThenErrorInArabic() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(this.provider.origin(), user);
		HttpResponse<String> setup = browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator?lang=ar");
		HttpResponse<String> again = browser.submitForm(setup, "form#confirm", Map.of("code", "x"));

		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(errorBeside(Jsoup.parse(again.body()), "code").text()).startsWith("هذا الرمز غير صحيح");
	}

	@Test
	void setupWhenCodeTypedWithSpacesOrDashThenTurnsOn() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(this.provider.origin(), user);
		HttpResponse<String> setup = browser.get(this.provider.origin() + "/accounts/profile/two-factor/authenticator");
		String key = Jsoup.parse(setup.body()).getElementById("totp-key").text().replace(" ", "");
		String code = new Authenticator(key).nextCode();

		HttpResponse<String> done = browser.submitForm(setup, "form#confirm",
				Map.of("code", " " + code.substring(0, 3) + "-" + code.substring(3) + " "));

		assertThat(done.statusCode()).isIn(200, 302);
		assertThat(this.totp.isEnrolled(user.getId())).isTrue();
	}

	@Test
	void challengeWhenCodeCannotBeOneThenAskedAgainAndNoAttemptSpent() {
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		HttpResponse<String> challenge = Pages.password(browser, this.provider.origin(), user.getUsername(),
				TestFixtures.PASSWORD);
		// More than the throttle lets through, all of them nothing a code could be.
		for (int i = 0; i < 8; i++) {
			HttpResponse<String> again = browser.submitForm(challenge, "form#challenge", Map.of("code", "\u0000" + i));
			assertThat(Browser.location(again)).endsWith("/accounts/login/challenge?error");
		}
		HttpResponse<String> home = browser.followWithin(
				browser.submitForm(challenge, "form#challenge", Map.of("code", app.nextCode(), "trust", "yes")),
				this.provider.origin());
		assertThat(home.uri().getPath()).isEqualTo("/");
	}

}
