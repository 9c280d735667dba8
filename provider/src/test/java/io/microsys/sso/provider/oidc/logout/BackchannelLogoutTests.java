package io.microsys.sso.provider.oidc.logout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.setup.bootstrap.BootstrapLoader;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.LogoutReceiver;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a provider session ends, each app it signed into that registered a back-channel logout URI
 * receives a valid logout token, the session's grants are revoked, and failures are retried and
 * audited, without slowing down the sign-out.
 */
@ProviderIntegrationTest
class BackchannelLogoutTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	AuditEventRepository auditEvents;

	@Autowired
	BackchannelLogoutSender sender;

	LogoutReceiver receiver;

	SsoClient client;

	SsoUser user;

	RelyingParty app;

	BackchannelLogoutTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = new LogoutReceiver();
		this.client = this.provider.fixtures().confidentialClient((c) -> c.setBackchannelLogoutUri(this.receiver.uri()));
		this.user = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.STAFF);
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	private RelyingParty.Json signIn(Browser browser, RelyingParty app, String scope) {
		RelyingParty.Request request = app.request().with("scope", scope);
		String code = app.code(browser, request, this.user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	private void signOutAtProvider(Browser browser) {
		String logoutPage = this.provider.issuer().replace("/o", "/accounts/logout");
		HttpResponse<String> confirm = browser.get(logoutPage);
		HttpResponse<String> out = browser.submitForm(confirm, Map.of());
		assertThat(Browser.location(out)).contains("/accounts/login?logout");
	}

	@Test
	void signOutAtProviderWhenAppSignedInThenAppReceivesValidLogoutToken() throws Exception {
		Browser browser = new Browser();
		RelyingParty.Json tokens = signIn(browser, this.app, "openid profile offline_access");
		String sid = this.app.verify(tokens.string("id_token")).getStringClaim("sid");

		signOutAtProvider(browser);

		String logoutToken = this.receiver.next(WAIT);
		assertThat(logoutToken).as("logout token delivered").isNotNull();
		SignedJWT jwt = SignedJWT.parse(logoutToken);
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
		JWTClaimsSet claims = this.app.verify(logoutToken);
		assertThat(claims.getIssuer()).isEqualTo(this.provider.issuer());
		assertThat(claims.getAudience()).containsExactly(this.client.getClientId());
		assertThat(claims.getSubject()).isEqualTo(this.user.getUuid());
		assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
		assertThat(claims.getJSONObjectClaim("events")).containsKey("http://schemas.openid.net/event/backchannel-logout");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime()).isNotNull();
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
		assertThat(claims.getClaims()).doesNotContainKey("nonce");
		await().atMost(WAIT).untilAsserted(() -> assertThat(
				this.auditEvents.findTop50ByEventTypeOrderByIdDesc("BACKCHANNEL_LOGOUT_DELIVERED"))
			.anySatisfy((event) -> {
				assertThat(event.getUserUuid()).isEqualTo(this.user.getUuid());
				assertThat(event.getClientId()).isEqualTo(this.client.getClientId());
			}));
	}

	@Test
	void signOutAtProviderWhenSessionHadRefreshTokenThenItNoLongerWorks() {
		Browser browser = new Browser();
		RelyingParty.Json tokens = signIn(browser, this.app, "openid offline_access");
		assertThat(tokens.string("refresh_token")).isNotBlank();

		signOutAtProvider(browser);

		RelyingParty.Json refreshed = this.app.refresh(tokens.string("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(400);
		assertThat(refreshed.body()).containsEntry("error", "invalid_grant");
		assertThat(this.app.introspect(tokens.string("access_token")).body()).containsEntry("active", false);
	}

	@Test
	void rpInitiatedLogoutWhenSessionSignedIntoTwoAppsThenBothTold() throws Exception {
		try (LogoutReceiver other = new LogoutReceiver()) {
			SsoClient second = this.provider.fixtures().confidentialClient((c) -> c.setBackchannelLogoutUri(other.uri()));
			this.provider.fixtures().membership(second, this.user, MembershipRole.USER);
			RelyingParty secondApp = new RelyingParty(this.provider.issuer(), second.getClientId(), TestFixtures.SECRET,
					TestFixtures.REDIRECT_URI);
			Browser browser = new Browser();
			RelyingParty.Json tokens = signIn(browser, this.app, "openid");
			signIn(browser, secondApp, "openid");

			String logoutUrl = this.provider.issuer() + "/logout?" + Browser.urlEncode(Map.of("id_token_hint",
					tokens.string("id_token"), "post_logout_redirect_uri", TestFixtures.POST_LOGOUT_URI));
			browser.followWithin(browser.get(logoutUrl), this.app.origin());

			assertThat(secondApp.verify(other.next(WAIT)).getAudience()).containsExactly(second.getClientId());
			assertThat(this.app.verify(this.receiver.next(WAIT)).getAudience())
				.containsExactly(this.client.getClientId());
		}
	}

	@Test
	void signOutWhenAppHasNoBackchannelUriThenNothingSentToIt() throws Exception {
		SsoClient quiet = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.provider.fixtures().membership(quiet, this.user, MembershipRole.USER);
		Browser browser = new Browser();
		signIn(browser, new RelyingParty(this.provider.issuer(), quiet.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI), "openid");

		signOutAtProvider(browser);

		assertThat(this.receiver.next(Duration.ofSeconds(1))).isNull();
		assertThat(this.receiver.requests()).isZero();
	}

	@Test
	void signOutWhenAppKeepsFailingThenRetriedAndAuditedAndSignOutNotDelayed() throws Exception {
		this.receiver.answer(503);
		Browser browser = new Browser();
		signIn(browser, this.app, "openid");

		long started = System.nanoTime();
		signOutAtProvider(browser);
		long signOutMillis = (System.nanoTime() - started) / 1_000_000;

		await().atMost(WAIT).untilAsserted(() -> assertThat(
				this.auditEvents.findTop50ByEventTypeOrderByIdDesc("BACKCHANNEL_LOGOUT_FAILED"))
			.anySatisfy((event) -> {
				assertThat(event.getClientId()).isEqualTo(this.client.getClientId());
				assertThat(event.getReason()).isEqualTo("delivery_failed");
				assertThat(event.getDetail()).contains("attempts=3").contains("status 503");
			}));
		assertThat(this.receiver.requests()).isEqualTo(3);
		// The retries take 600 ms; the sign-out itself did not wait for them.
		assertThat(signOutMillis).isLessThan(600);
	}

	@Test
	void signOutWhenAppAnswersLateThenLaterAttemptDelivers() throws Exception {
		this.receiver.answer(500);
		Browser browser = new Browser();
		signIn(browser, this.app, "openid");

		signOutAtProvider(browser);
		await().atMost(WAIT).until(() -> this.receiver.requests() >= 1);
		this.receiver.answer(204);

		await().atMost(WAIT).untilAsserted(() -> assertThat(
				this.auditEvents.findTop50ByEventTypeOrderByIdDesc("BACKCHANNEL_LOGOUT_DELIVERED"))
			.anySatisfy((event) -> {
				assertThat(event.getClientId()).isEqualTo(this.client.getClientId());
				assertThat(event.getDetail()).isNotEqualTo("attempt=1");
			}));
	}

	@Test
	void endAllWhenAccountDeactivatedThenEverySessionEndsAndAppsAreTold() throws Exception {
		Browser first = new Browser();
		Browser second = new Browser();
		signIn(first, this.app, "openid");
		signIn(second, this.app, "openid");

		int ended = this.context.getBean(ProviderSessionEnd.class).endAll(this.user.getUuid());

		assertThat(ended).isEqualTo(2);
		assertThat(this.receiver.next(WAIT)).isNotNull();
		assertThat(this.receiver.next(WAIT)).isNotNull();
		RelyingParty.Request silent = this.app.request().with("prompt", "none");
		HttpResponse<String> answer = first.followWithin(first.get(silent.url()), this.app.origin());
		assertThat(this.app.redirectQuery(answer)).containsEntry("error", "login_required");
	}

	@Test
	void endSessionOnProfileWhenOtherDeviceSignedIntoAppThenAppIsToldAndItsRefreshTokenStops() throws Exception {
		Browser laptop = new Browser();
		RelyingParty.Json laptopTokens = signIn(laptop, this.app, "openid offline_access");
		String sid = this.app.verify(laptopTokens.string("id_token")).getStringClaim("sid");
		Browser phone = new Browser();
		signIn(phone, this.app, "openid");
		HttpResponse<String> profile = phone.get(this.app.origin() + "/accounts/profile");
		org.jsoup.nodes.Element laptopRow = org.jsoup.Jsoup.parse(profile.body()).selectFirst("tr.device:not(.current)");
		String handle = laptopRow.selectFirst("a.end-session").attr("data-session");
		assertThat(handle).isEqualTo(sid);
		assertThat(laptopRow.selectFirst(".apps").text()).isEqualTo("Signed into: " + this.client.getName());

		HttpResponse<String> ended = phone.post(this.app.origin() + "/accounts/profile/sessions/end", Map.of("_csrf",
				Browser.csrfToken(profile), "session", handle, "currentPassword", TestFixtures.PASSWORD));
		assertThat(Browser.location(ended)).contains("done=session-ended");

		JWTClaimsSet logout = this.app.verify(this.receiver.next(WAIT));
		assertThat(logout.getStringClaim("sid")).isEqualTo(sid);
		assertThat(this.app.refresh(laptopTokens.string("refresh_token")).status()).isEqualTo(400);
		assertThat(this.receiver.next(Duration.ofMillis(500))).as("the phone's own session was not ended").isNull();
	}

	@Test
	void passwordChangeOnProfileWhenOtherDeviceSignedIntoAppThenAppIsTold() throws Exception {
		Browser laptop = new Browser();
		String sid = this.app.verify(signIn(laptop, this.app, "openid").string("id_token")).getStringClaim("sid");
		Browser phone = new Browser();
		signIn(phone, this.app, "openid");
		HttpResponse<String> profile = phone.get(this.app.origin() + "/accounts/profile");
		phone.submitForm(profile, "form#change-password", Map.of("currentPassword", TestFixtures.PASSWORD,
				"newPassword", "another-long-passphrase-9", "newPasswordConfirm", "another-long-passphrase-9"));

		assertThat(this.app.verify(this.receiver.next(WAIT)).getStringClaim("sid")).isEqualTo(sid);
	}

	@Test
	void bootstrapFileWhenItChangesThePasswordThenTrustedBrowsersAreRevoked(@TempDir Path folder) throws Exception {
		Authenticator phone = this.provider.fixtures().authenticator(this.user);
		Browser browser = new Browser();
		HttpResponse<String> challenge = Pages.password(browser, this.app.origin(), this.user.getUsername(),
				TestFixtures.PASSWORD);
		browser.followWithin(browser.submitForm(challenge, "form#challenge",
				Map.of("code", phone.nextCode(), "trust", "true")), this.app.origin());
		TrustedBrowsers trusted = this.context.getBean(TrustedBrowsers.class);
		assertThat(trusted.count(this.user.getId())).isEqualTo(1);
		Path changed = folder.resolve("changed.yml");
		Files.writeString(changed, "users:\n  - username: " + this.user.getUsername() + "\n    email: "
				+ this.user.getEmail() + "\n    password: \"a-new-password-for-2027\"\n");

		this.context.getBean(BootstrapLoader.class).apply(changed);

		assertThat(trusted.count(this.user.getId())).isZero();
		assertThat(Pages.password(browser, this.app.origin(), this.user.getUsername(), "a-new-password-for-2027")
			.uri()
			.getPath()).isEqualTo("/accounts/login/challenge");
	}

	@Test
	void bootstrapFileWhenItDeactivatesSomeoneSignedInThenTheirAppsAreTold(@TempDir Path folder) throws Exception {
		Browser browser = new Browser();
		signIn(browser, this.app, "openid");
		Path file = folder.resolve("bootstrap.yml");
		Files.writeString(file, "users:\n  - username: " + this.user.getUsername() + "\n    email: "
				+ this.user.getEmail() + "\n    active: false\n");

		this.context.getBean(BootstrapLoader.class).apply(file);

		assertThat(this.app.verify(this.receiver.next(WAIT)).getSubject()).isEqualTo(this.user.getUuid());
	}

	@Test
	void bootstrapFileWhenItChangesThePasswordThenSessionsEndButNotWhenUnchanged(@TempDir Path folder)
			throws Exception {
		Browser browser = new Browser();
		signIn(browser, this.app, "openid");
		Path same = folder.resolve("same.yml");
		Files.writeString(same, "users:\n  - username: " + this.user.getUsername() + "\n    email: "
				+ this.user.getEmail() + "\n    password: \"" + TestFixtures.PASSWORD + "\"\n");
		Path changed = folder.resolve("changed.yml");
		Files.writeString(changed, "users:\n  - username: " + this.user.getUsername() + "\n    email: "
				+ this.user.getEmail() + "\n    password: \"a-new-password-for-2027\"\n");
		BootstrapLoader loader = this.context.getBean(BootstrapLoader.class);

		loader.apply(same);
		assertThat(this.receiver.next(Duration.ofSeconds(1))).isNull();
		loader.apply(changed);

		assertThat(this.app.verify(this.receiver.next(WAIT)).getSubject()).isEqualTo(this.user.getUuid());
	}

}
