package io.microsys.sso.provider.oidc.exchange;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.NodeScripts;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Token exchange (RFC 8693) over HTTP: a front-end app signs a person in, and a back-end app that
 * lists the grant trades the front end's access token for one of its own, with the person's role
 * in the back end; every refusal is a readable OAuth error.
 */
@ProviderIntegrationTest
class TokenExchangeTests {

	static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

	final Provider provider;

	@Autowired
	AuditEventRepository auditEvents;

	SsoUser person;

	SsoClient frontEnd;

	SsoClient backEnd;

	Membership backEndMembership;

	RelyingParty frontEndApp;

	RelyingParty backEndApp;

	TokenExchangeTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		TestFixtures fixtures = this.provider.fixtures();
		this.person = fixtures.user();
		this.frontEnd = fixtures.confidentialClient((c) -> {
		});
		this.backEnd = fixtures.confidentialClient((c) -> c.setGrantTypes(List.of("client_credentials", GRANT)));
		fixtures.membership(this.frontEnd, this.person, MembershipRole.STAFF);
		this.backEndMembership = fixtures.membership(this.backEnd, this.person, MembershipRole.ADMIN);
		this.frontEndApp = app(this.frontEnd);
		this.backEndApp = app(this.backEnd);
	}

	private RelyingParty app(SsoClient client) {
		return new RelyingParty(this.provider.issuer(), client.getClientId(),
				client.isPublicClient() ? null : TestFixtures.SECRET, TestFixtures.REDIRECT_URI);
	}

	/** The app's token answer for the person (scope openid profile email offline_access). */
	private RelyingParty.Json signIn(RelyingParty app) {
		return signIn(app, "openid profile email offline_access");
	}

	private RelyingParty.Json signIn(RelyingParty app, String scope) {
		RelyingParty.Request request = app.request().with("scope", scope);
		String code = app.code(new Browser(), request, this.person.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	private RelyingParty.Json exchange(RelyingParty app, String subjectToken, String... more) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", GRANT);
		form.put("subject_token", subjectToken);
		form.put("subject_token_type", ACCESS_TOKEN_TYPE);
		for (int i = 0; i < more.length; i += 2) {
			if (more[i + 1] == null) {
				form.remove(more[i]);
			}
			else {
				form.put(more[i], more[i + 1]);
			}
		}
		return app.callEndpoint("/token", form);
	}

	/** A token request with a body as given (parameters may repeat), authenticated as the back end. */
	private RelyingParty.Json rawTokenRequest(String body) {
		String basic = Base64.getEncoder()
			.encodeToString((this.backEnd.getClientId() + ":" + TestFixtures.SECRET).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.provider.issuer() + "/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + basic)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return RelyingParty.Json.of(new Browser().send(request));
	}

	private static void assertRefused(RelyingParty.Json answer, int status, String error) {
		assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
		assertThat(answer.string("error")).as(answer.raw()).isEqualTo(error);
		assertThat(answer.body()).doesNotContainKeys("access_token");
	}

	@Test
	void exchangeWhenPersonIsMemberOfRequestingAppThenTokenForItWithItsOwnRole() throws Exception {
		RelyingParty.Json frontEndTokens = signIn(this.frontEndApp);
		JWTClaimsSet subject = this.frontEndApp.verify(frontEndTokens.string("access_token"));

		RelyingParty.Json answer = exchange(this.backEndApp, frontEndTokens.string("access_token"));

		assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
		assertThat(answer.body()).containsEntry("issued_token_type", ACCESS_TOKEN_TYPE)
			.containsEntry("token_type", "Bearer")
			.doesNotContainKeys("refresh_token", "id_token");
		assertThat(answer.string("scope").split(" ")).containsExactlyInAnyOrder("profile", "email");
		JWTClaimsSet token = this.backEndApp.verify(answer.string("access_token"));
		assertThat(token.getIssuer()).isEqualTo(this.provider.issuer());
		assertThat(token.getSubject()).isEqualTo(this.person.getUuid());
		assertThat(token.getAudience()).containsExactly(this.backEnd.getClientId());
		assertThat(token.getClaim("microsys_sso_role")).isEqualTo("admin");
		assertThat(token.getClaim("microsys_sso_client_id")).isEqualTo(this.backEnd.getClientId());
		assertThat(token.getJSONObjectClaim("microsys_sso"))
			.isEqualTo(Map.of("role", "admin", "client_id", this.backEnd.getClientId()));
		assertThat(token.getClaims()).doesNotContainKey("act");
		assertThat(token.getExpirationTime()).isBeforeOrEqualTo(subject.getExpirationTime());

		assertThat(token.getClaim("preferred_username")).isEqualTo(this.person.getUsername());
		assertThat(token.getClaim("email")).isEqualTo(this.person.getEmail());
		assertThat(this.backEndApp.introspect(answer.string("access_token")).body()).containsEntry("active", true)
			.containsEntry("client_id", this.backEnd.getClientId())
			.containsEntry("sub", this.person.getUuid());
		// No sign-in, no ID token: the claims are in the token, userinfo is not for it.
		assertThat(this.backEndApp.userinfo(answer.string("access_token")).status()).isEqualTo(403);
		await("the exchange in the audit trail").atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("TOKEN_EXCHANGED"))
				.anySatisfy((event) -> {
					assertThat(event.getUserUuid()).isEqualTo(this.person.getUuid());
					assertThat(event.getClientId()).isEqualTo(this.backEnd.getClientId());
					assertThat(event.getDetail()).isEqualTo("from " + this.frontEnd.getClientId());
				}));
	}

	@Test
	void exchangeWhenRequestingAppLivesLongerThenTokenEndsWithTheSubjectToken() throws Exception {
		this.provider.fixtures().updateClient(this.frontEnd, (c) -> c.setAccessTokenTtlSeconds(60));
		this.provider.fixtures().updateClient(this.backEnd, (c) -> c.setAccessTokenTtlSeconds(3600));
		RelyingParty.Json frontEndTokens = signIn(this.frontEndApp);
		Instant subjectExpires = this.frontEndApp.verify(frontEndTokens.string("access_token"))
			.getExpirationTime()
			.toInstant();

		RelyingParty.Json answer = exchange(this.backEndApp, frontEndTokens.string("access_token"));

		assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
		assertThat(this.backEndApp.verify(answer.string("access_token")).getExpirationTime().toInstant())
			.isEqualTo(subjectExpires);
		assertThat(((Number) answer.body().get("expires_in")).longValue()).isLessThanOrEqualTo(60);
	}

	@Test
	void exchangeWhenScopeRequestedThenOnlyScopesBothHave() {
		this.provider.fixtures()
			.updateClient(this.backEnd, (c) -> c.setScopes(List.of("openid", "email", "offline_access")));
		String subjectToken = signIn(this.frontEndApp).string("access_token");

		RelyingParty.Json intersection = exchange(this.backEndApp, subjectToken);
		RelyingParty.Json narrowed = exchange(this.backEndApp, subjectToken, "scope", "email");
		RelyingParty.Json notInBackEnd = exchange(this.backEndApp, subjectToken, "scope", "email profile");
		RelyingParty.Json offline = exchange(this.backEndApp, subjectToken, "scope", "offline_access");
		RelyingParty.Json openid = exchange(this.backEndApp, subjectToken, "scope", "openid email");

		assertThat(intersection.status()).as(intersection.raw()).isEqualTo(200);
		assertThat(intersection.string("scope")).isEqualTo("email");
		assertThat(narrowed.status()).as(narrowed.raw()).isEqualTo(200);
		assertThat(narrowed.string("scope")).isEqualTo("email");
		assertRefused(notInBackEnd, 400, "invalid_scope");
		assertRefused(offline, 400, "invalid_scope");
		assertRefused(openid, 400, "invalid_scope");
	}

	@Test
	void exchangeWhenScopeNotInSubjectTokenThenInvalidScope() {
		String profileOnly = signIn(this.frontEndApp, "openid profile").string("access_token");
		String openidOnly = signIn(this.frontEndApp, "openid").string("access_token");

		assertRefused(exchange(this.backEndApp, profileOnly, "scope", "email"), 400, "invalid_scope");
		assertThat(exchange(this.backEndApp, profileOnly).string("scope")).isEqualTo("profile");
		assertRefused(exchange(this.backEndApp, openidOnly), 400, "invalid_scope");
	}

	@Test
	void exchangeWhenNoMembershipInRequestingAppThenInvalidGrantAndAudited() {
		SsoClient stranger = this.provider.fixtures().confidentialClient((c) -> c.setGrantTypes(List.of(GRANT)));
		String subjectToken = signIn(this.frontEndApp).string("access_token");

		RelyingParty.Json answer = exchange(app(stranger), subjectToken);

		assertRefused(answer, 400, "invalid_grant");
		assertDenialAudited(stranger, "no_membership");
	}

	@Test
	void exchangeWhenMembershipDeactivatedThenInvalidGrantAndAudited() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");
		this.provider.fixtures().updateMembership(this.backEndMembership, (m) -> m.setActive(false));

		RelyingParty.Json answer = exchange(this.backEndApp, subjectToken);

		assertRefused(answer, 400, "invalid_grant");
		assertDenialAudited(this.backEnd, "membership_inactive");
	}

	private void assertDenialAudited(SsoClient client, String reason) {
		await("the denial in the audit trail").atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("AUTHORIZATION_DENIED"))
				.anySatisfy((event) -> {
					assertThat(event.getUserUuid()).isEqualTo(this.person.getUuid());
					assertThat(event.getClientId()).isEqualTo(client.getClientId());
					assertThat(event.getReason()).isEqualTo(reason);
				}));
	}

	@Test
	void exchangeWhenAppDoesNotListTheGrantThenUnauthorizedClient() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");

		assertRefused(exchange(this.frontEndApp, subjectToken), 400, "unauthorized_client");
	}

	@Test
	void exchangeWhenPublicAppListsTheGrantThenRefused() {
		SsoClient publicApp = this.provider.fixtures()
			.publicClient((c) -> c.setGrantTypes(List.of("authorization_code", GRANT)));
		this.provider.fixtures().membership(publicApp, this.person, MembershipRole.USER);
		String subjectToken = signIn(this.frontEndApp).string("access_token");

		RelyingParty.Json answer = exchange(app(publicApp), subjectToken);

		assertRefused(answer, 401, "invalid_client");
	}

	@Test
	void exchangeWhenSubjectTokenUnknownThenInvalidGrant() {
		String otherIssuer = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJodHRwczovL290aGVyLmV4YW1wbGUifQ.c2lnbmF0dXJl";

		assertRefused(exchange(this.backEndApp, "not-a-token"), 400, "invalid_grant");
		assertRefused(exchange(this.backEndApp, otherIssuer), 400, "invalid_grant");
		assertRefused(exchange(this.backEndApp, otherIssuer, "subject_token_type", JWT_TYPE), 400, "invalid_grant");
	}

	@Test
	void exchangeWhenSubjectTokenRevokedThenInvalidGrant() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");
		assertThat(this.frontEndApp.revoke(subjectToken).status()).isEqualTo(200);

		assertRefused(exchange(this.backEndApp, subjectToken), 400, "invalid_grant");
	}

	@Test
	void exchangeWhenSubjectTokenExpiredThenInvalidGrant() throws Exception {
		this.provider.fixtures().updateClient(this.frontEnd, (c) -> c.setAccessTokenTtlSeconds(1));
		String subjectToken = signIn(this.frontEndApp).string("access_token");
		Instant expires = this.frontEndApp.verify(subjectToken).getExpirationTime().toInstant();
		await("the subject token expired").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Instant.now().isAfter(expires.plusSeconds(1)));

		assertRefused(exchange(this.backEndApp, subjectToken), 400, "invalid_grant");
	}

	@Test
	void exchangeWhenSubjectIsRefreshOrIdTokenThenInvalidGrant() {
		RelyingParty.Json tokens = signIn(this.frontEndApp);

		assertRefused(exchange(this.backEndApp, tokens.string("refresh_token")), 400, "invalid_grant");
		assertRefused(exchange(this.backEndApp, tokens.string("id_token")), 400, "invalid_grant");
		assertRefused(exchange(this.backEndApp, tokens.string("id_token"), "subject_token_type", JWT_TYPE), 400,
				"invalid_grant");
	}

	@ParameterizedTest
	@ValueSource(strings = { "urn:ietf:params:oauth:token-type:id_token",
			"urn:ietf:params:oauth:token-type:refresh_token", "urn:ietf:params:oauth:token-type:saml2",
			"access_token" })
	void exchangeWhenSubjectTokenTypeNotSupportedThenUnsupportedTokenType(String type) {
		String subjectToken = signIn(this.frontEndApp).string("access_token");

		assertRefused(exchange(this.backEndApp, subjectToken, "subject_token_type", type), 400,
				"unsupported_token_type");
	}

	@Test
	void exchangeWhenSubjectIsAnAppsOwnTokenThenInvalidGrant() {
		String appToken = this.frontEndApp.clientCredentials(null).string("access_token");
		assertThat(appToken).isNotNull();

		assertRefused(exchange(this.backEndApp, appToken), 400, "invalid_grant");
	}

	@Test
	void exchangeWhenAudienceIsTheRequestingAppThenIssuedOtherwiseInvalidTarget() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");

		RelyingParty.Json self = exchange(this.backEndApp, subjectToken, "audience", this.backEnd.getClientId());
		RelyingParty.Json other = exchange(this.backEndApp, subjectToken, "audience", this.frontEnd.getClientId());
		RelyingParty.Json resource = exchange(this.backEndApp, subjectToken, "resource", "https://api.example.com/");

		String grant = "grant_type=" + GRANT.replace(":", "%3A") + "&subject_token_type="
				+ ACCESS_TOKEN_TYPE.replace(":", "%3A") + "&subject_token=" + subjectToken;
		RelyingParty.Json selfTwice = rawTokenRequest(
				grant + "&audience=" + this.backEnd.getClientId() + "&audience=" + this.backEnd.getClientId());
		RelyingParty.Json selfAndOther = rawTokenRequest(
				grant + "&audience=" + this.backEnd.getClientId() + "&audience=" + this.frontEnd.getClientId());

		assertThat(self.status()).as(self.raw()).isEqualTo(200);
		assertThat(selfTwice.status()).as(selfTwice.raw()).isEqualTo(200);
		assertRefused(other, 400, "invalid_target");
		assertRefused(selfAndOther, 400, "invalid_target");
		assertRefused(resource, 400, "invalid_target");
	}

	@Test
	void exchangeWhenRequestingAppDeactivatedThenRefused() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");
		this.provider.fixtures().updateClient(this.backEnd, (c) -> c.getPolicy().setActive(false));

		RelyingParty.Json answer = exchange(this.backEndApp, subjectToken);

		assertRefused(answer, 400, "unauthorized_client");
	}

	@Test
	void exchangeWhenActorTokenGivenThenInvalidRequest() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");
		String actorToken = this.backEndApp.clientCredentials(null).string("access_token");

		assertRefused(exchange(this.backEndApp, subjectToken, "actor_token", actorToken, "actor_token_type",
				ACCESS_TOKEN_TYPE), 400, "invalid_request");
	}

	@Test
	void exchangeWhenParametersMissingRepeatedOrOversizedThenInvalidRequest() {
		String subjectToken = signIn(this.frontEndApp).string("access_token");
		String grant = "grant_type=" + GRANT.replace(":", "%3A");
		String type = "subject_token_type=" + ACCESS_TOKEN_TYPE.replace(":", "%3A");
		List<RelyingParty.Json> answers = new ArrayList<>();

		answers.add(exchange(this.backEndApp, subjectToken, "subject_token", null));
		answers.add(exchange(this.backEndApp, subjectToken, "subject_token", ""));
		answers.add(exchange(this.backEndApp, subjectToken, "subject_token_type", null));
		answers.add(exchange(this.backEndApp, subjectToken, "actor_token_type", ACCESS_TOKEN_TYPE));
		answers.add(rawTokenRequest(grant + "&" + type + "&subject_token=" + subjectToken + "&subject_token="
				+ subjectToken));
		answers.add(rawTokenRequest(grant + "&" + type + "&" + type + "&subject_token=" + subjectToken));
		answers.add(rawTokenRequest(grant + "&" + grant + "&" + type + "&subject_token=" + subjectToken));
		answers.add(rawTokenRequest(grant + "&" + type + "&subject_token=" + "a".repeat(5000)));
		answers.add(rawTokenRequest(
				grant + "&" + type + "&subject_token=" + subjectToken + "&scope=" + "a".repeat(5000)));

		assertThat(answers).allSatisfy((answer) -> assertRefused(answer, 400, "invalid_request"));
	}

	@Test
	void discoveryWhenReadThenListsTokenExchange() {
		RelyingParty.Json discovery = RelyingParty.Json
			.of(new Browser().get(this.provider.issuer() + "/.well-known/openid-configuration"));

		assertThat(discovery.body().get("grant_types_supported")).asInstanceOf(
				org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(GRANT);
	}

	@Test
	void exchangeWhenCertifiedRelyingPartyThenOpenIdClientGetsTheRequestingAppsRole() {
		SsoClient stranger = this.provider.fixtures().confidentialClient((c) -> c.setGrantTypes(List.of(GRANT)));
		Map<String, String> environment = NodeScripts.environment(this.provider, this.frontEnd, this.person);
		environment.put("SSO_EXCHANGE_CLIENT_ID", this.backEnd.getClientId());
		environment.put("SSO_EXCHANGE_CLIENT_SECRET", TestFixtures.SECRET);
		environment.put("SSO_EXCHANGE_EXPECTED_ROLE", "admin");
		environment.put("SSO_DENIED_CLIENT_ID", stranger.getClientId());

		NodeScripts.run("token-exchange.mjs", environment);
	}

}
