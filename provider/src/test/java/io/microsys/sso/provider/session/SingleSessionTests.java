package io.microsys.sso.provider.session;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** With "one active session per person", completing a sign-in ends the person's other sessions. */
@ProviderIntegrationTest
@TestPropertySource(properties = "microsys.sso.sessions.single-session=true")
class SingleSessionTests {

	final Provider provider;

	SingleSessionTests(Provider provider) {
		this.provider = provider;
	}

	private String origin() {
		return this.provider.origin();
	}

	private HttpResponse<String> password(Browser browser, SsoUser user) {
		return Pages.password(browser, origin(), user.getUsername(), TestFixtures.PASSWORD);
	}

	@Test
	void signInWhenSingleSessionThenEarlierSessionEnds() {
		SsoUser user = this.provider.fixtures().user();
		Browser first = new Browser();
		password(first, user);
		Browser second = new Browser();
		password(second, user);

		assertThat(Browser.location(first.get(origin() + "/"))).endsWith("/accounts/login");
		assertThat(second.get(origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void signInWhenSecondFactorStillOwedThenEarlierSessionStaysUntilItIsGiven() {
		TestFixtures fixtures = this.provider.fixtures();
		SsoUser user = fixtures.user();
		Authenticator phone = fixtures.authenticator(user);
		Browser first = new Browser();
		HttpResponse<String> challenge = password(first, user);
		first.followWithin(first.submitForm(challenge, "form#challenge", Map.of("code", phone.nextCode())), origin());
		assertThat(first.get(origin() + "/").statusCode()).isEqualTo(200);

		// Someone who only knows the password cannot push the person out.
		Browser intruder = new Browser();
		HttpResponse<String> owed = password(intruder, user);
		assertThat(owed.uri().getPath()).isEqualTo("/accounts/login/challenge");
		assertThat(first.get(origin() + "/").statusCode()).isEqualTo(200);

		Browser second = new Browser();
		HttpResponse<String> secondChallenge = password(second, user);
		second.followWithin(second.submitForm(secondChallenge, "form#challenge", Map.of("code", phone.nextCode())),
				origin());
		assertThat(second.get(origin() + "/").statusCode()).isEqualTo(200);
		assertThat(Browser.location(first.get(origin() + "/"))).endsWith("/accounts/login");
	}

}
