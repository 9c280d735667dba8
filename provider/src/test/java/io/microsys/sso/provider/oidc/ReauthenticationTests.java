package io.microsys.sso.provider.oidc;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Re-authentication an app asks for (OpenID Connect Core 3.1.2.1), over real HTTP with cookies:
 * {@code prompt=login}, {@code max_age}, {@code select_account}, {@code id_token_hint},
 * {@code acr_values}, {@code login_hint} and {@code ui_locales}.
 */
@ProviderIntegrationTest
class ReauthenticationTests {

	final Provider provider;

	SsoClient client;

	RelyingParty app;

	ReauthenticationTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.app = this.provider.relyingParty(this.client);
	}

	private SsoUser member() {
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, user, MembershipRole.STAFF);
		return user;
	}

	/** A browser in which {@code user} signed in through the app (the code redeemed). */
	private Browser signedIn(SsoUser user) {
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();
		String code = this.app.code(browser, request, user.getUsername(), TestFixtures.PASSWORD);
		assertThat(this.app.exchange(code, request.pkce.verifier()).status()).isEqualTo(200);
		return browser;
	}

	/** A browser in which {@code user} signed in with their password and a code, maybe trusting it. */
	private Browser signedInWithCode(SsoUser user, Authenticator phone, boolean trust) {
		Browser browser = new Browser();
		HttpResponse<String> challenge = this.app.authorize(browser, this.app.request(), user.getUsername(),
				TestFixtures.PASSWORD);
		Map<String, String> values = trust ? Map.of("code", phone.nextCode(), "trust", "true")
				: Map.of("code", phone.nextCode());
		HttpResponse<String> answer = browser.followWithin(browser.submitForm(challenge, "form#challenge", values),
				this.app.origin());
		assertThat(this.app.redirectQuery(answer)).containsKey("code");
		return browser;
	}

	private HttpResponse<String> open(Browser browser, RelyingParty.Request request) {
		return browser.followWithin(browser.get(request.url()), this.app.origin());
	}

	private static void assertLoginPage(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.uri().getPath()).isEqualTo("/accounts/login");
	}

	private static Element usernameField(HttpResponse<String> page) {
		return Jsoup.parse(page.body()).getElementById("username");
	}

	private HttpResponse<String> signIn(Browser browser, HttpResponse<String> loginPage, String username) {
		Map<String, String> values = (username != null) ? Map.of("username", username, "password", TestFixtures.PASSWORD)
				: Map.of("password", TestFixtures.PASSWORD);
		return browser.followWithin(browser.submitForm(loginPage, values), this.app.origin());
	}

	private JWTClaimsSet idToken(RelyingParty.Request request, HttpResponse<String> answer) throws Exception {
		Map<String, String> query = this.app.redirectQuery(answer);
		assertThat(query).containsKey("code").containsEntry("state", request.state);
		RelyingParty.Json tokens = this.app.exchange(query.get("code"), request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return this.app.verify(tokens.string("id_token"));
	}

	@Test
	void promptLoginWhenSignedInThenSignInPageWithTheNameFixedThenCodeWithNewAuthTime() throws Exception {
		SsoUser user = member();
		Browser browser = signedIn(user);
		Instant asked = Instant.now().minusSeconds(1);
		RelyingParty.Request request = this.app.request().with("prompt", "login");

		HttpResponse<String> page = open(browser, request);

		assertLoginPage(page);
		Element username = usernameField(page);
		assertThat(username.val()).isEqualTo(user.getUsername());
		assertThat(username.hasAttr("readonly")).isTrue();
		assertThat(page.body()).contains("id=\"sign-in-again\"");
		JWTClaimsSet claims = idToken(request, signIn(browser, page, null));
		assertThat(claims.getSubject()).isEqualTo(user.getUuid());
		assertThat(claims.getDateClaim("auth_time")).isAfter(Date.from(asked));
		assertThat(claims.getStringClaim("acr")).isEqualTo("urn:microsys:acr:pwd");
		assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
	}

	@Test
	void promptLoginWhenReplayedAfterTheNewSignInThenAskedAgain() {
		SsoUser user = member();
		Browser browser = signedIn(user);
		RelyingParty.Request request = this.app.request().with("prompt", "login");
		HttpResponse<String> answer = signIn(browser, open(browser, request), null);
		assertThat(this.app.redirectQuery(answer)).containsKey("code");

		// The same URL again is a new request for a new sign-in, not answered by the last one.
		assertLoginPage(open(browser, request));
	}

	@Test
	void maxAgeZeroWhenSignedInThenSignInAgainAndAuthTimeInTheIdToken() throws Exception {
		SsoUser user = member();
		Browser browser = signedIn(user);
		Instant asked = Instant.now().minusSeconds(1);
		RelyingParty.Request request = this.app.request().with("max_age", "0");

		HttpResponse<String> page = open(browser, request);

		assertLoginPage(page);
		assertThat(usernameField(page).hasAttr("readonly")).isFalse();
		assertThat(usernameField(page).val()).isEqualTo(user.getUsername());
		JWTClaimsSet claims = idToken(request, signIn(browser, page, null));
		assertThat(claims.getDateClaim("auth_time")).isAfter(Date.from(asked));
	}

	@Test
	void maxAgeWhenTheSignInIsOlderThenSignInAgainElseCodeAtOnce() throws Exception {
		SsoUser user = member();
		Browser browser = signedIn(user);

		RelyingParty.Request within = this.app.request().with("max_age", "3600");
		JWTClaimsSet young = idToken(within, open(browser, within));
		assertThat(young.getDateClaim("auth_time")).isNotNull();

		RelyingParty.Request request = this.app.request().with("max_age", "1");
		// A second after the sign-in the same request needs a new one.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertLoginPage(open(browser, request)));
		JWTClaimsSet claims = idToken(request, signIn(browser, open(browser, request), null));
		assertThat(claims.getDateClaim("auth_time")).isAfter(young.getDateClaim("auth_time"));
	}

	@Test
	void promptLoginWhenAnotherPersonSignsInThenTheirCodeAndTheFirstSessionEnded() throws Exception {
		SsoUser first = member();
		SsoUser second = member();
		Browser browser = new Browser();
		RelyingParty.Request firstRequest = this.app.request();
		String code = this.app.code(browser, firstRequest, first.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json firstTokens = this.app.exchange(code, firstRequest.pkce.verifier());
		RelyingParty.Request request = this.app.request().with("prompt", "login");

		HttpResponse<String> page = open(browser, request);
		// The name is fixed on the page; a changed form still only signs in whoever's password it is.
		JWTClaimsSet claims = idToken(request, signIn(browser, page, second.getUsername()));

		assertThat(claims.getSubject()).isEqualTo(second.getUuid());
		// The first person's session ended: the grant issued in it no longer refreshes.
		RelyingParty.Json refreshed = this.app.refresh(firstTokens.string("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(400);
		assertThat(refreshed.string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void promptLoginWhenTheSecondFactorIsOnATrustedBrowserThenAskedAgainAndAcrMfa() throws Exception {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = signedInWithCode(user, phone, true);
		RelyingParty.Request request = this.app.request().with("prompt", "login");

		HttpResponse<String> afterPassword = signIn(browser, open(browser, request), null);

		assertThat(afterPassword.uri().getPath()).isEqualTo("/accounts/login/challenge");
		HttpResponse<String> answer = browser.followWithin(
				browser.submitForm(afterPassword, "form#challenge", Map.of("code", phone.nextCode())),
				this.app.origin());
		JWTClaimsSet claims = idToken(request, answer);
		assertThat(claims.getStringClaim("acr")).isEqualTo("urn:microsys:acr:mfa");
		assertThat(claims.getStringListClaim("amr")).contains("pwd", "otp", "mfa");
	}

	@Test
	void acrValuesPasswordWhenTheSecondFactorIsOnATrustedBrowserThenPasswordAloneAnswersPromptLogin()
			throws Exception {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = signedInWithCode(user, phone, true);
		RelyingParty.Request request = this.app.request()
			.with("prompt", "login")
			.with("acr_values", "urn:microsys:acr:pwd");

		JWTClaimsSet claims = idToken(request, signIn(browser, open(browser, request), null));

		// The trusted browser still stands in for the second factor, as at any sign-in.
		assertThat(claims.getStringClaim("acr")).isEqualTo("urn:microsys:acr:mfa");
	}

	@Test
	void acrValuesMfaWhenThePersonHasNoSecondFactorThenSentToSetOneUpFirst() throws Exception {
		SsoUser user = member();
		Browser browser = signedIn(user);
		RelyingParty.Request request = this.app.request().with("acr_values", "urn:microsys:acr:mfa");

		HttpResponse<String> answer = browser.get(request.url());

		assertThat(Browser.isRedirect(answer)).isTrue();
		assertThat(Browser.location(answer)).contains("/accounts/profile/two-factor/authenticator").doesNotContain("code=");
		HttpResponse<String> none = browser.get(request.with("prompt", "none").url());
		assertThat(this.app.redirectQuery(none)).containsEntry("error", "interaction_required");
	}

	@Test
	void selectAccountWhenSignedInThenSignInPageWithTheNameSuggested() {
		SsoUser user = member();
		Browser browser = signedIn(user);

		HttpResponse<String> page = open(browser, this.app.request().with("prompt", "select_account"));

		assertLoginPage(page);
		assertThat(usernameField(page).val()).isEqualTo(user.getUsername());
		assertThat(usernameField(page).hasAttr("readonly")).isFalse();
	}

	@Test
	void idTokenHintWhenItNamesSomeoneElseThenSignInPageAndLoginRequiredWithPromptNone() throws Exception {
		SsoUser first = member();
		SsoUser second = member();
		RelyingParty.Request firstRequest = this.app.request();
		Browser other = new Browser();
		String hint = this.app
			.exchange(this.app.code(other, firstRequest, first.getUsername(), TestFixtures.PASSWORD),
					firstRequest.pkce.verifier())
			.string("id_token");
		Browser browser = signedIn(second);

		HttpResponse<String> none = browser.get(this.app.request().with("prompt", "none").with("id_token_hint", hint).url());
		assertThat(this.app.redirectQuery(none)).containsEntry("error", "login_required")
			.containsEntry("iss", this.provider.issuer());

		HttpResponse<String> page = open(browser, this.app.request().with("id_token_hint", hint));
		assertLoginPage(page);
		assertThat(usernameField(page).val()).isEmpty();

		// The hint of the person signed in changes nothing.
		RelyingParty.Request own = this.app.request().with("prompt", "none");
		HttpResponse<String> same = other.get(own.with("id_token_hint", hint).url());
		assertThat(this.app.redirectQuery(same)).containsKey("code");
	}

	@Test
	void promptNoneWhenTheSignInIsTooOldThenLoginRequired() {
		SsoUser user = member();
		Browser browser = signedIn(user);
		RelyingParty.Request request = this.app.request().with("prompt", "none").with("max_age", "0");

		HttpResponse<String> answer = browser.get(request.url());

		assertThat(this.app.redirectQuery(answer)).containsEntry("error", "login_required")
			.containsEntry("state", request.state)
			.containsEntry("iss", this.provider.issuer())
			.doesNotContainKey("code");
	}

	@Test
	void loginHintWhenSignInPageOpensThenTheNameIsFilledInAndChangeable() {
		member();
		HttpResponse<String> page = open(new Browser(), this.app.request().with("login_hint", "someone@example.com"));

		assertLoginPage(page);
		assertThat(usernameField(page).val()).isEqualTo("someone@example.com");
		assertThat(usernameField(page).hasAttr("readonly")).isFalse();
	}

	@Test
	void uiLocalesWhenArabicIsAskedForThenTheSignInPageIsInArabic() {
		HttpResponse<String> arabic = open(new Browser(), this.app.request().with("ui_locales", "fr-CA ar-EG en"));
		Document page = Jsoup.parse(arabic.body());
		assertThat(page.selectFirst("html").attr("lang")).isEqualTo("ar");
		assertThat(page.selectFirst("html").attr("dir")).isEqualTo("rtl");

		HttpResponse<String> english = open(new Browser(),
				this.app.request().with("ui_locales", "xx").with("claims_locales", "de"));
		assertLoginPage(english);
		assertThat(Jsoup.parse(english.body()).selectFirst("html").attr("lang")).isEqualTo("en");
	}

	@Test
	void promptConsentWhenTheAppNeedsNoConsentThenTheConsentPageIsShown() {
		SsoUser user = member();
		Browser browser = signedIn(user);

		HttpResponse<String> page = open(browser, this.app.request().with("prompt", "consent"));

		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/accounts/consent");
	}

	@Test
	void acrValuesMfaWhenTheBrowserIsTrustedThenCodeAtOnceWithAcrMfa() throws Exception {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = signedInWithCode(user, phone, true);
		browser.submitForm(browser.get(this.app.origin() + "/accounts/logout"), Map.of());
		RelyingParty.Request request = this.app.request().with("acr_values", "urn:microsys:acr:mfa");

		// Signed out, then in again on the trusted browser: the password is enough, and it is mfa.
		HttpResponse<String> answer = this.app.authorize(browser, request, user.getUsername(),
				TestFixtures.PASSWORD);

		assertThat(idToken(request, answer).getStringClaim("acr")).isEqualTo("urn:microsys:acr:mfa");
	}

	@Test
	void maxAgeWithAcrValuesMfaWhenSignedInWithASecondFactorThenPasswordAndCodeAgain() throws Exception {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = signedInWithCode(user, phone, false);
		Instant asked = Instant.now().minusSeconds(1);
		RelyingParty.Request request = this.app.request()
			.with("max_age", "0")
			.with("acr_values", "urn:microsys:acr:mfa");

		HttpResponse<String> afterPassword = signIn(browser, open(browser, request), null);
		assertThat(afterPassword.uri().getPath()).isEqualTo("/accounts/login/challenge");
		HttpResponse<String> answer = browser.followWithin(
				browser.submitForm(afterPassword, "form#challenge", Map.of("code", phone.nextCode())),
				this.app.origin());

		JWTClaimsSet claims = idToken(request, answer);
		assertThat(claims.getStringClaim("acr")).isEqualTo("urn:microsys:acr:mfa");
		assertThat(claims.getDateClaim("auth_time")).isAfter(Date.from(asked));
	}

	@Test
	void promptLoginWhenTheRequestIsSentAsAFormThenTheSameRequestAsAUrlThenTheSignInPage() throws Exception {
		SsoUser user = member();
		Browser browser = signedIn(user);
		RelyingParty.Request request = this.app.request().with("prompt", "login");
		java.net.URI url = java.net.URI.create(request.url());

		HttpResponse<String> posted = browser.post(this.provider.issuer() + "/authorize",
				RelyingParty.query(url));

		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
		assertThat(Browser.location(posted)).doesNotContain("code=").contains("prompt=login");
		HttpResponse<String> page = browser.followWithin(posted, this.app.origin());
		assertLoginPage(page);
		JWTClaimsSet claims = idToken(request, signIn(browser, page, null));
		assertThat(claims.getSubject()).isEqualTo(user.getUuid());
	}

}
