package io.microsys.sso.provider.oidc;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** The consent page, for apps whose policy asks for it (first-party apps never see it). */
@ProviderIntegrationTest
class ConsentTests {

	final Provider provider;

	SsoUser user;

	RelyingParty app;

	ConsentTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient client = fixtures.confidentialClient((c) -> c.getPolicy().setRequireConsent(true));
		this.user = fixtures.user();
		fixtures.membership(client, this.user, MembershipRole.USER);
		this.app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
	}

	@Test
	void authorizeWhenConsentRequiredThenPageAskedOnceAndAllowGivesCode() {
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();

		HttpResponse<String> page = this.app.authorize(browser, request, this.user.getUsername(),
				TestFixtures.PASSWORD);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/accounts/consent");
		assertThat(page.body()).contains("Your email address").contains("Test App");

		HttpResponse<String> allowed = browser.followWithin(browser.submitForm(page, "form#allow", Map.of()),
				this.app.origin());
		Map<String, String> query = this.app.redirectQuery(allowed);
		assertThat(query).containsKey("code").containsEntry("state", request.state);
		RelyingParty.Json tokens = this.app.exchange(query.get("code"), request.pkce.verifier());
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(tokens.string("scope")).contains("email", "profile", "openid");

		RelyingParty.Request second = this.app.request();
		assertThat(this.app.redirectQuery(browser.followWithin(browser.get(second.url()), this.app.origin())))
			.containsKey("code");
	}

	@Test
	void authorizeWhenConsentDeniedThenAccessDeniedAtClient() {
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();
		HttpResponse<String> page = this.app.authorize(browser, request, this.user.getUsername(),
				TestFixtures.PASSWORD);

		HttpResponse<String> denied = browser.followWithin(browser.submitForm(page, "form#deny", Map.of()),
				this.app.origin());

		assertThat(this.app.redirectQuery(denied)).doesNotContainKey("code")
			.containsEntry("error", "access_denied")
			.containsEntry("state", request.state);
	}

}
