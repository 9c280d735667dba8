package io.microsys.sso.provider.oidc;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.audit.AuditEvent;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way an authorization must fail closed: no code, an error at the right place, an audit entry. */
@ProviderIntegrationTest
class AuthorizationDenialTests {

	final Provider provider;

	@Autowired
	AuditEventRepository auditEvents;

	SsoClient client;

	SsoUser user;

	RelyingParty app;

	AuthorizationDenialTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.user = this.provider.fixtures().user();
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
	}

	private void assertDenied(HttpResponse<String> response, RelyingParty.Request request, String reason) {
		Map<String, String> query = this.app.redirectQuery(response);
		assertThat(query).doesNotContainKey("code")
			.containsEntry("error", "access_denied")
			.containsEntry("state", request.state);
		List<AuditEvent> denials = this.auditEvents.findTop50ByEventTypeOrderByIdDesc("AUTHORIZATION_DENIED");
		assertThat(denials).anySatisfy((event) -> {
			assertThat(event.getUserUuid()).isEqualTo(this.user.getUuid());
			assertThat(event.getClientId()).isEqualTo(this.client.getClientId());
			assertThat(event.getReason()).isEqualTo(reason);
			assertThat(event.getIpAddress()).isNotBlank();
			assertThat(event.getUserAgent()).isNotBlank();
			assertThat(event.getCreatedAt()).isBefore(Instant.now().plusSeconds(1));
		});
	}

	@Test
	void authorizeWhenUserHasNoMembershipThenAccessDenied() {
		RelyingParty.Request request = this.app.request();

		HttpResponse<String> response = this.app.authorize(new Browser(), request, this.user.getUsername(),
				TestFixtures.PASSWORD);

		assertDenied(response, request, "no_membership");
	}

	@Test
	void authorizeWhenMembershipInactiveThenAccessDenied() {
		Membership membership = this.provider.fixtures().membership(this.client, this.user, MembershipRole.ADMIN);
		this.provider.fixtures().updateMembership(membership, (m) -> m.setActive(false));
		RelyingParty.Request request = this.app.request();

		HttpResponse<String> response = this.app.authorize(new Browser(), request, this.user.getUsername(),
				TestFixtures.PASSWORD);

		assertDenied(response, request, "membership_inactive");
	}

	@Test
	void authorizeWhenMembershipInactiveAndAllowAllAuthenticatedThenStillDenied() {
		Membership membership = this.provider.fixtures().membership(this.client, this.user, MembershipRole.ADMIN);
		this.provider.fixtures().updateMembership(membership, (m) -> m.setActive(false));
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setAllowAllAuthenticated(true));
		RelyingParty.Request request = this.app.request();

		assertDenied(this.app.authorize(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD),
				request, "membership_inactive");
	}

	@Test
	void authorizeWhenPolicyInactiveThenAccessDenied() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.ADMIN);
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setActive(false));
		RelyingParty.Request request = this.app.request();

		HttpResponse<String> response = this.app.authorize(new Browser(), request, this.user.getUsername(),
				TestFixtures.PASSWORD);

		assertDenied(response, request, "client_inactive");
	}

	@Test
	void authorizeWhenUserDeactivatedThenAccessDeniedAndNoSession() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.ADMIN);
		this.provider.fixtures().updateUser(this.user, (u) -> u.deactivate(Instant.now()));
		RelyingParty.Request request = this.app.request();
		Browser browser = new Browser();

		HttpResponse<String> response = this.app.authorize(browser, request, this.user.getUsername(),
				TestFixtures.PASSWORD);

		assertDenied(response, request, "user_deactivated");
		HttpResponse<String> again = browser.followWithin(browser.get(this.app.request().url()), this.app.origin());
		assertThat(again.uri().getPath()).isEqualTo("/accounts/login");
	}

	@Test
	void authorizeWhenUserPendingApprovalThenAccessDenied() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		this.provider.fixtures().updateUser(this.user, (u) -> u.setStatus(UserStatus.PENDING_APPROVAL));
		RelyingParty.Request request = this.app.request();

		assertDenied(this.app.authorize(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD),
				request, "user_pending_approval");
	}

	@Test
	void authorizeWhenUserLockedThenAccessDenied() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		this.provider.fixtures().updateUser(this.user, (u) -> u.setLockedUntil(Instant.now().plusSeconds(600)));
		RelyingParty.Request request = this.app.request();

		assertDenied(this.app.authorize(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD),
				request, "user_locked");
	}

	@Test
	void authorizeWhenEmailUnverifiedThenAccessDenied() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		this.provider.fixtures().updateUser(this.user, (u) -> u.setEmailVerified(false));
		RelyingParty.Request request = this.app.request();

		assertDenied(this.app.authorize(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD),
				request, "email_unverified");
	}

	@Test
	void authorizeWhenUserDeactivatedWhileSignedInThenNextAuthorizationDenied() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		Browser browser = new Browser();
		this.app.code(browser, this.app.request(), this.user.getUsername(), TestFixtures.PASSWORD);
		this.provider.fixtures().updateUser(this.user, (u) -> u.deactivate(Instant.now()));
		RelyingParty.Request request = this.app.request();

		assertDenied(browser.followWithin(browser.get(request.url()), this.app.origin()), request,
				"user_deactivated");
	}

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenErrorPageAndNoRedirect() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request().with("redirect_uri", "https://evil.example.com/cb");

		HttpResponse<String> response = browser.followWithin(browser.get(request.url()), this.app.origin());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).doesNotContain("evil.example.com").doesNotContain("Exception");
	}

	@Test
	void authorizeWhenRedirectUriDiffersOnlyByQueryThenRefused() {
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request().with("redirect_uri", TestFixtures.REDIRECT_URI + "?x=1");

		HttpResponse<String> response = browser.followWithin(browser.get(request.url()), this.app.origin());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void authorizeWhenLocalhostRedirectButPolicyForbidsThenRefused() {
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setAllowLocalhostRedirects(false));
		Browser browser = new Browser();

		HttpResponse<String> response = browser.followWithin(browser.get(this.app.request().url()),
				this.app.origin());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void authorizeWhenPkceMissingThenInvalidRequestAtClient() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		RelyingParty.Request request = this.app.request().with("code_challenge", null).with("code_challenge_method",
				null);

		HttpResponse<String> response = this.app.authorize(new Browser(), request, this.user.getUsername(),
				TestFixtures.PASSWORD);

		assertThat(this.app.redirectQuery(response)).doesNotContainKey("code")
			.containsEntry("error", "invalid_request")
			.containsEntry("state", request.state);
	}

	@Test
	void tokenWhenVerifierWrongThenInvalidGrant() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		RelyingParty.Request request = this.app.request();
		String code = this.app.code(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD);

		RelyingParty.Json tokens = this.app.exchange(code, "wrong-verifier-" + "x".repeat(40));

		assertThat(tokens.status()).isEqualTo(400);
		assertThat(tokens.string("error")).isEqualTo("invalid_grant");
		assertThat(tokens.body()).doesNotContainKey("access_token");
	}

	@Test
	void tokenWhenVerifierMissingThenRefused() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		RelyingParty.Request request = this.app.request();
		String code = this.app.code(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD);

		RelyingParty.Json tokens = this.app.exchange(code, null);

		assertThat(tokens.status()).isEqualTo(400);
		assertThat(tokens.body()).doesNotContainKey("access_token");
	}

	@Test
	void tokenWhenCodeReplayedThenRefusedAndFirstTokensRevoked() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		RelyingParty.Request request = this.app.request().with("scope", "openid offline_access");
		String code = this.app.code(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json first = this.app.exchange(code, request.pkce.verifier());
		assertThat(first.status()).isEqualTo(200);

		RelyingParty.Json replay = this.app.exchange(code, request.pkce.verifier());

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.string("error")).isEqualTo("invalid_grant");
		assertThat(this.app.introspect(first.string("access_token")).body()).containsEntry("active", false);
		assertThat(this.app.refresh(first.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void tokenWhenCodeIssuedToAnotherClientThenRefused() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		RelyingParty.Request request = this.app.request();
		String code = this.app.code(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD);
		SsoClient other = this.provider.fixtures().confidentialClient((c) -> {
		});
		RelyingParty otherApp = new RelyingParty(this.provider.issuer(), other.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);

		RelyingParty.Json tokens = otherApp.exchange(code, request.pkce.verifier());

		assertThat(tokens.status()).isEqualTo(400);
		assertThat(tokens.string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void loginWhenPasswordWrongThenLoginPageAgainWithGenericMessageAndNoCode() {
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.USER);
		RelyingParty.Request request = this.app.request();
		Browser browser = new Browser();

		HttpResponse<String> response = this.app.authorize(browser, request, this.user.getUsername(),
				"wrong-password-123");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.uri().getPath()).isEqualTo("/accounts/login");
		assertThat(response.body()).contains("The username or password is not correct.");
		HttpResponse<String> unknownUser = this.app.authorize(new Browser(), this.app.request(), "nobody-here",
				"wrong-password-123");
		assertThat(unknownUser.body()).contains("The username or password is not correct.");
		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGIN_FAILURE"))
			.anySatisfy((event) -> assertThat(event.getUsername()).isEqualTo(this.user.getUsername()));
	}

	@Test
	void loginWhenDeactivatedAndWrongPasswordThenSameMessageAsUnknownUser() {
		this.provider.fixtures().updateUser(this.user, (u) -> u.deactivate(Instant.now()));

		HttpResponse<String> response = this.app.authorize(new Browser(), this.app.request(),
				this.user.getUsername(), "wrong-password-123");

		assertThat(response.body()).contains("The username or password is not correct.")
			.doesNotContain("cannot sign in");
	}

	@Test
	void authorizeWhenClientUnknownThenErrorPageWithoutRedirect() {
		RelyingParty unknown = new RelyingParty(this.provider.issuer(), "no-such-client", TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		Browser browser = new Browser();

		HttpResponse<String> response = browser.followWithin(browser.get(unknown.request().url()),
				unknown.origin());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

}
