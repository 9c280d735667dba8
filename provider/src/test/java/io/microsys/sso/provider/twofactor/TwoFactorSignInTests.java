package io.microsys.sso.provider.twofactor;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.support.TestOutbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in with a second factor over real HTTP with cookies: the password step, the challenge page
 * with each kind of code, the authorization endpoint holding back the code until the second
 * factor, trusted browsers, throttled wrong codes, and apps that require two-step verification.
 */
@ProviderIntegrationTest
class TwoFactorSignInTests {

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	SsoClient client;

	RelyingParty app;

	TwoFactorSignInTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
	}

	private SsoUser member() {
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, user, MembershipRole.STAFF);
		return user;
	}

	/** Starts an authorization request and gives the password; returns the provider's answer. */
	private HttpResponse<String> password(Browser browser, RelyingParty.Request request, SsoUser user) {
		return this.app.authorize(browser, request, user.getUsername(), TestFixtures.PASSWORD);
	}

	private HttpResponse<String> challenge(Browser browser, HttpResponse<String> page, String code, boolean trust) {
		Map<String, String> values = trust ? Map.of("code", code, "trust", "true") : Map.of("code", code);
		return browser.followWithin(browser.submitForm(page, "form#challenge", values), this.app.origin());
	}

	private static void assertChallengePage(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.uri().getPath()).isEqualTo("/accounts/login/challenge");
		assertThat(response.body()).contains("name=\"code\"");
	}

	private long events(String type, SsoUser user) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND user_uuid = ?",
				Long.class, type, user.getUuid());
	}

	@Test
	void codeFlowWhenAuthenticatorEnrolledThenNoCodeBeforeSecondFactorAndAmrSaysMfa() throws Exception {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();

		HttpResponse<String> afterPassword = password(browser, request, user);
		assertChallengePage(afterPassword);

		// No page of the provider opens.
		HttpResponse<String> profile = browser.get(this.app.origin() + "/accounts/profile");
		assertThat(Browser.location(profile)).endsWith("/accounts/login/challenge");
		// The authorization endpoint, asked again directly, still gives no code (and is where the
		// challenge continues to, as the last request made).
		HttpResponse<String> again = browser.get(request.url());
		assertThat(Browser.isRedirect(again)).isTrue();
		assertThat(Browser.location(again)).doesNotContain("code=").endsWith("/accounts/login/challenge");

		HttpResponse<String> wrong = challenge(browser, afterPassword, "000000", false);
		assertChallengePage(wrong);
		assertThat(wrong.body()).contains("That code is not correct");

		Date beforeSecondFactor = new Date((System.currentTimeMillis() / 1000) * 1000);
		HttpResponse<String> done = challenge(browser, wrong, phone.nextCode(), false);
		Map<String, String> query = this.app.redirectQuery(done);
		assertThat(query).containsKey("code").containsEntry("state", request.state);

		RelyingParty.Json tokens = this.app.exchange(query.get("code"), request.pkce.verifier());
		JWTClaimsSet idToken = this.app.verify(tokens.string("id_token"));
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
		assertThat(idToken.getDateClaim("auth_time")).isAfterOrEqualTo(beforeSecondFactor);
		assertThat(idToken.getClaims()).doesNotContainKeys("FACTOR_TOTP", "authorities");
		assertThat(events("SECOND_FACTOR_FAILED", user)).isEqualTo(1);
		assertThat(events("SECOND_FACTOR_SUCCEEDED", user)).isEqualTo(1);
	}

	@Test
	void codeFlowWhenAuthorizationPathIsPercentEncodedThenStillNoCodeBeforeSecondFactor() {
		SsoUser user = member();
		this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();
		assertChallengePage(password(browser, request, user));

		// The same endpoint to the framework (it matches the decoded path): "%65" is "e".
		HttpResponse<String> encoded = browser.get(request.url().replace("/authorize?", "/authoriz%65?"));

		assertThat(Browser.isRedirect(encoded)).isTrue();
		assertThat(Browser.location(encoded)).doesNotContain("code=").endsWith("/accounts/login/challenge");
	}

	@Test
	void codeFlowWhenNoSecondFactorThenAmrIsPasswordOnly() throws Exception {
		SsoUser user = member();
		RelyingParty.Request request = this.app.request();
		String code = this.app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		JWTClaimsSet idToken = this.app.verify(this.app.exchange(code, request.pkce.verifier()).string("id_token"));
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd");
	}

	@Test
	void challengeWhenBackupCodeThenAcceptedOnceOnly() {
		SsoUser user = member();
		this.provider.fixtures().authenticator(user);
		List<String> codes = this.provider.fixtures().backupCodes(user);

		Browser first = new Browser();
		HttpResponse<String> done = challenge(first, password(first, this.app.request(), user), codes.get(3), false);
		assertThat(this.app.redirectQuery(done)).containsKey("code");

		Browser second = new Browser();
		HttpResponse<String> reused = challenge(second, password(second, this.app.request(), user),
				codes.get(3).toUpperCase(), false);
		assertChallengePage(reused);
		assertThat(reused.body()).contains("That code is not correct");
	}

	@Test
	void challengeWhenEmailCodeAskedForThenDeliveredCodeSignsInAndResendWaits() throws Exception {
		TestOutbox outbox = TestOutbox.mark(this.jdbc);
		SsoUser user = member();
		this.context.getBean(EmailCodes.class).enable(user.getId());
		Browser browser = new Browser();
		HttpResponse<String> page = password(browser, this.app.request(), user);
		assertChallengePage(page);
		assertThat(TestMail.to(user.getEmail())).isEmpty();

		HttpResponse<String> sent = browser.followWithin(browser.submitForm(page, "form#email-code", Map.of()),
				this.app.origin());
		assertThat(sent.body()).contains("We sent a code");
		MimeMessage message = TestMail.await(user.getEmail(), 1);
		assertThat(TestMail.subject(message)).isEqualTo("Your sign-in code");
		String code = TestMail.find(message, "\\b(\\d{6})\\b");
		assertThat(TestMail.html(message)).contains(code);

		HttpResponse<String> resend = browser.followWithin(browser.submitForm(sent, "form#email-code", Map.of()),
				this.app.origin());
		assertThat(resend.body()).contains("You can ask for another in");
		outbox.awaitDone();
		assertThat(TestMail.to(user.getEmail())).hasSize(1);

		HttpResponse<String> done = challenge(browser, resend, code, false);
		assertThat(this.app.redirectQuery(done)).containsKey("code");
	}

	@Test
	void challengeWhenTrustThisBrowserThenNextSignInSkipsSecondFactorUntilRevoked() {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		challenge(browser, password(browser, this.app.request(), user), phone.nextCode(), true);
		signOut(browser);

		HttpResponse<String> trusted = password(browser, this.app.request(), user);
		assertThat(this.app.redirectQuery(trusted)).containsKey("code");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'LOGIN_SUCCESS' "
				+ "AND reason = 'trusted_browser' AND user_uuid = ?", Long.class, user.getUuid())).isEqualTo(1);
		// Another browser (without the cookie) is still asked.
		Browser other = new Browser();
		assertChallengePage(password(other, this.app.request(), user));

		signOut(browser);
		this.context.getBean(TrustedBrowsers.class).revokeAll(user.getId());
		assertChallengePage(password(browser, this.app.request(), user));
	}

	@Test
	void trustedBrowserCookieWhenAnotherPersonSignsInThenItDoesNotSkipTheirSecondFactor() {
		SsoUser alice = member();
		SsoUser bob = member();
		Authenticator alicePhone = this.provider.fixtures().authenticator(alice);
		this.provider.fixtures().authenticator(bob);
		Browser shared = new Browser();
		challenge(shared, password(shared, this.app.request(), alice), alicePhone.nextCode(), true);
		signOut(shared);

		assertChallengePage(password(shared, this.app.request(), bob));
	}

	@Test
	void passwordGuessingWhenUsernameLockedThenThePersonsTrustedBrowserStillSignsIn() {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser own = new Browser();
		challenge(own, password(own, this.app.request(), user), phone.nextCode(), true);
		signOut(own);
		Browser attacker = new Browser();
		for (int i = 0; i < 5; i++) {
			this.app.authorize(attacker, this.app.request(), user.getUsername(), "guess-" + i);
		}
		this.provider.fixtures().failedSignIns(user.getUsername(), 5);
		HttpResponse<String> locked = password(new Browser(), this.app.request(), user);
		assertThat(locked.body()).contains("Too many failed sign-ins");

		assertThat(this.app.redirectQuery(password(own, this.app.request(), user))).containsKey("code");
		// A wrong password from the trusted browser is still refused, and counted.
		signOut(own);
		HttpResponse<String> wrong = this.app.authorize(own, this.app.request(), user.getUsername(), "not-it");
		assertThat(wrong.body()).contains("The username or password is not correct");
	}

	@Test
	void trustedBrowserCookieWhenAlteredThenSecondFactorAskedAgain() {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		challenge(browser, password(browser, this.app.request(), user), phone.nextCode(), true);
		signOut(browser);
		java.net.CookieStore store = browser.cookies().getCookieStore();
		java.net.HttpCookie trusted = store.getCookies().stream()
			.filter((c) -> c.getName().equals(TrustedBrowsers.COOKIE))
			.findFirst()
			.orElseThrow();
		assertThat(trusted.isHttpOnly()).isTrue();
		assertThat(trusted.getValue()).doesNotContain(user.getUuid());
		String value = trusted.getValue();
		char last = value.charAt(value.length() - 1);
		java.net.HttpCookie altered = (java.net.HttpCookie) trusted.clone();
		altered.setValue(value.substring(0, value.length() - 1) + ((last == 'a') ? 'b' : 'a'));
		java.net.URI uri = java.net.URI.create(this.app.origin());
		store.removeAll();
		store.add(uri, altered);

		assertChallengePage(password(browser, this.app.request(), user));
	}

	@Test
	void challengeWhenManyWrongCodesThenEvenTheRightCodeIsRefusedForAWhile() {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		HttpResponse<String> page = password(browser, this.app.request(), user);
		for (int i = 0; i < 5; i++) {
			page = challenge(browser, page, String.format("%06d", i), false);
		}
		this.provider.fixtures().failedCodes(user, 5);
		HttpResponse<String> blocked = challenge(browser, page, phone.nextCode(), false);
		assertChallengePage(blocked);
		assertThat(blocked.body()).contains("Too many wrong codes");
		assertThat(events("SECOND_FACTOR_THROTTLED", user)).isEqualTo(1);
	}

	@Test
	void codeFlowWhenAppRequiresSecondFactorAndPersonHasNoneThenEnrolmentFirstThenCode() throws Exception {
		SsoClient strict = this.provider.fixtures().confidentialClient((c) -> c.getPolicy().setRequire2fa(true));
		RelyingParty strictApp = new RelyingParty(this.provider.issuer(), strict.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(strict, user, MembershipRole.USER);
		Browser browser = new Browser();
		RelyingParty.Request request = strictApp.request();

		HttpResponse<String> setup = strictApp.authorize(browser, request, user.getUsername(), TestFixtures.PASSWORD);
		assertThat(setup.uri().getPath()).isEqualTo("/accounts/profile/two-factor/authenticator");
		assertThat(setup.body()).contains("This application requires two-step verification");
		String key = org.jsoup.Jsoup.parse(setup.body()).selectFirst("#totp-key").text();
		assertThat(org.jsoup.Jsoup.parse(setup.body()).selectFirst(".qr svg")).isNotNull();
		Authenticator phone = new Authenticator(key);

		HttpResponse<String> codesPage = browser.submitForm(setup, "form#confirm", Map.of("code", phone.nextCode()));
		assertThat(codesPage.statusCode()).isEqualTo(200);
		assertThat(org.jsoup.Jsoup.parse(codesPage.body()).select("#backup-codes li")).hasSize(10);
		HttpResponse<String> done = browser.followWithin(browser.submitForm(codesPage, "form#continue", Map.of()),
				strictApp.origin());
		Map<String, String> query = strictApp.redirectQuery(done);
		JWTClaimsSet idToken = strictApp
			.verify(strictApp.exchange(query.get("code"), request.pkce.verifier()).string("id_token"));
		assertThat(idToken.getStringListClaim("amr")).contains("otp", "mfa");
		assertThat(events("TWO_FACTOR_ENROLLED", user)).isEqualTo(1);

		// The app that does not require it never asked; the person now has two-step sign-in everywhere.
		Browser later = new Browser();
		this.provider.fixtures().membership(this.client, user, MembershipRole.USER);
		assertChallengePage(password(later, this.app.request(), user));
	}

	@Test
	void codeFlowWhenAppRequiresSecondFactorAndSignInUsedOneThenCodeAtOnce() {
		SsoClient strict = this.provider.fixtures().confidentialClient((c) -> c.getPolicy().setRequire2fa(true));
		RelyingParty strictApp = new RelyingParty(this.provider.issuer(), strict.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(strict, user, MembershipRole.USER);
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		HttpResponse<String> page = strictApp.authorize(browser, strictApp.request(), user.getUsername(),
				TestFixtures.PASSWORD);
		assertChallengePage(page);
		HttpResponse<String> done = challenge(browser, page, phone.nextCode(), false);
		assertThat(strictApp.redirectQuery(done)).containsKey("code");
	}

	@Test
	void challengeWhenTwoStepTurnedOffMeanwhileThenPasswordIsEnough() {
		SsoUser user = member();
		this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request();
		assertChallengePage(password(browser, request, user));
		this.context.getBean(SecondFactors.class).removeAll(user.getId());

		HttpResponse<String> done = browser.followWithin(
				browser.get(this.app.origin() + "/accounts/login/challenge"), this.app.origin());
		assertThat(this.app.redirectQuery(done)).containsKey("code");
	}

	@Test
	void promptNoneWhenSecondFactorOwedThenInteractionRequiredAtTheApp() {
		SsoUser user = member();
		Authenticator phone = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		HttpResponse<String> page = password(browser, this.app.request(), user);
		assertChallengePage(page);

		RelyingParty.Request silent = this.app.request().with("prompt", "none");
		Map<String, String> error = this.app.redirectQuery(browser.get(silent.url()));
		assertThat(error).containsEntry("error", "interaction_required")
			.containsEntry("state", silent.state)
			.doesNotContainKey("code");

		challenge(browser, page, phone.nextCode(), false);
		RelyingParty.Request again = this.app.request().with("prompt", "none");
		assertThat(this.app.redirectQuery(browser.get(again.url()))).containsKey("code");
	}

	private void signOut(Browser browser) {
		HttpResponse<String> page = browser.get(this.app.origin() + "/accounts/logout");
		browser.submitForm(page, Map.of());
	}

}
