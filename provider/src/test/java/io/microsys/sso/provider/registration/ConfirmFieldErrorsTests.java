package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page confirming a sign-up: a missing or oversized password answers 400 with the page again
 * and the error beside the password, confirms nothing and spends no attempt.
 */
@ProviderIntegrationTest
class ConfirmFieldErrorsTests {

	final Provider provider;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	UserRepository users;

	ConfirmFieldErrorsTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void openRegistration() {
		this.settings.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	@AfterEach
	void closeRegistration() {
		this.settings.setRegistration(new RuntimeSettings.Registration(false, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	@Test
	void confirmWhenPasswordMissingOrOversizedThenErrorBesidePasswordAnd400AndNotConfirmed() {
		Browser browser = RegistrationTests.browser();
		String email = RegistrationTests.email();
		HttpResponse<String> form = browser.get(this.provider.origin() + "/accounts/register");
		browser.submitForm(form, Map.of("firstName", "Rana", "email", email, "password", RegistrationTests.PASSWORD,
				"passwordConfirm", RegistrationTests.PASSWORD));
		MimeMessage message = TestMail.await(email, 1);
		String link = TestMail.find(message, "(http://\\S+/accounts/register/verify/[A-Za-z0-9_-]{43})");
		HttpResponse<String> page = browser.get(link);
		assertThat(Jsoup.parse(page.body()).getElementById("password-error")).isNull();

		for (String typed : new String[] { "", "   ", "p".repeat(257) }) {
			HttpResponse<String> again = browser.submitForm(page, Map.of("password", typed));

			assertThat(again.statusCode()).isEqualTo(400);
			Document shown = Jsoup.parse(again.body());
			Element input = shown.getElementById("password");
			Element error = shown.getElementById("password-error");
			assertThat(error).isNotNull();
			assertThat(input.nextElementSibling()).isEqualTo(error);
			assertThat(input.attr("aria-invalid")).isEqualTo("true");
			assertThat(input.attr("aria-describedby")).isEqualTo("password-error");
			assertThat(error.text()).startsWith("Enter the password you chose when signing up");
			assertThat(shown.select("#problem[role=alert]")).hasSize(1);
			assertThat(input.val()).isEmpty();
		}
		await().untilAsserted(() -> assertThat(this.users.findByEmail(email)).isPresent());
		assertThat(this.users.findByEmail(email).orElseThrow().getStatus()).isEqualTo(UserStatus.UNVERIFIED);

		HttpResponse<String> confirmed = browser.submitForm(page, Map.of("password", RegistrationTests.PASSWORD));
		assertThat(Browser.location(confirmed)).endsWith("/accounts/register/verified");
	}

}
