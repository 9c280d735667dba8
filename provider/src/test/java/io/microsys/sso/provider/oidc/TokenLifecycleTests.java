package io.microsys.sso.provider.oidc;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.oidc.authorization.TokenHash;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** Refresh with rotation and reuse detection, revocation, introspection, client credentials, logout. */
@ProviderIntegrationTest
class TokenLifecycleTests {

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	AuditEventRepository auditEvents;

	@Autowired
	JdbcTemplate jdbc;

	SsoClient client;

	SsoUser user;

	Membership membership;

	RelyingParty app;

	TokenLifecycleTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.user = this.provider.fixtures().user();
		this.membership = this.provider.fixtures().membership(this.client, this.user, MembershipRole.STAFF);
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
	}

	private RelyingParty.Json signIn(Browser browser, String scope) {
		RelyingParty.Request request = this.app.request().with("scope", scope);
		String code = this.app.code(browser, request, this.user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = this.app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	@Test
	void codeExchangeWhenOfflineAccessNotAskedForThenARefreshTokenAllTheSame() {
		// What the README says: the app's refresh_token grant type decides, not the scope.
		RelyingParty.Json tokens = signIn(new Browser(), "openid profile");

		assertThat(tokens.string("refresh_token")).isNotBlank();
		assertThat(this.app.refresh(tokens.string("refresh_token")).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenUsedThenRotatedAndNewTokensKeepTheRole() {
		RelyingParty.Json first = signIn(new Browser(), "openid profile offline_access");
		String refreshToken = first.string("refresh_token");
		assertThat(refreshToken).isNotBlank();

		RelyingParty.Json second = this.app.refresh(refreshToken);

		assertThat(second.status()).as(second.raw()).isEqualTo(200);
		assertThat(second.string("refresh_token")).isNotBlank().isNotEqualTo(refreshToken);
		assertThat(this.app.verify(second.string("access_token")).getClaim("microsys_sso_role")).isEqualTo("staff");
		assertThat(this.app.refresh(second.string("refresh_token")).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenRotatedTwiceThenTheIndexHoldsTheCurrentTokensAndTheRotatedOnesOnly() {
		RelyingParty.Json first = signIn(new Browser(), "openid offline_access");
		RelyingParty.Json second = this.app.refresh(first.string("refresh_token"));
		RelyingParty.Json third = this.app.refresh(second.string("refresh_token"));
		assertThat(third.status()).as(third.raw()).isEqualTo(200);
		String grant = this.jdbc.queryForObject(
				"SELECT authorization_id FROM oauth2_authorization_token WHERE token_hash = ?", String.class,
				TokenHash.of(third.string("access_token")));

		Map<String, String> index = new java.util.HashMap<>();
		this.jdbc.query("SELECT token_hash, token_type FROM oauth2_authorization_token WHERE authorization_id = ?",
				(rs) -> {
					index.put(rs.getString(1), rs.getString(2));
				}, grant);

		assertThat(index).containsEntry(TokenHash.of(third.string("access_token")), "access_token")
			.containsEntry(TokenHash.of(third.string("refresh_token")), "refresh_token")
			.containsEntry(TokenHash.of(third.string("id_token")), "id_token")
			.containsEntry(TokenHash.of(first.string("refresh_token")), "rotated_refresh_token")
			.containsEntry(TokenHash.of(second.string("refresh_token")), "rotated_refresh_token")
			.doesNotContainKeys(TokenHash.of(first.string("access_token")), TokenHash.of(second.string("access_token")),
					TokenHash.of(first.string("id_token")), TokenHash.of(second.string("id_token")));
		assertThat(index.values()).filteredOn("code"::equals).hasSize(1);
		assertThat(index).hasSize(6);
		assertThat(this.app.introspect(second.string("access_token")).body()).containsEntry("active", false);
		assertThat(this.app.userinfo(first.string("access_token")).status()).isEqualTo(401);
		assertThat(this.app.userinfo(third.string("access_token")).status()).isEqualTo(200);
		// The signed-in person is stored field by field, without Java serialization.
		byte[] payload = this.context.getBean(MasterKey.class)
			.decrypt(this.jdbc.queryForObject("SELECT payload FROM oauth2_authorization WHERE id = ?", byte[].class,
					grant), "authorization:" + grant);
		assertThat(new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("\u00ac\u00ed");
	}

	@Test
	void refreshWhenRotatedTokenIsReusedThenWholeFamilyIsRevoked() {
		RelyingParty.Json first = signIn(new Browser(), "openid offline_access");
		RelyingParty.Json second = this.app.refresh(first.string("refresh_token"));
		assertThat(second.status()).isEqualTo(200);
		rotatedAgo(first.string("refresh_token"), Duration.ofSeconds(6));

		RelyingParty.Json reuse = this.app.refresh(first.string("refresh_token"));

		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.string("error")).isEqualTo("invalid_grant");
		assertThat(this.app.refresh(second.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
		assertThat(this.app.introspect(second.string("access_token")).body()).containsEntry("active", false);
		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("REFRESH_TOKEN_REUSE"))
			.anySatisfy((event) -> assertThat(event.getUserUuid()).isEqualTo(this.user.getUuid()));
	}

	@Test
	void refreshWhenRotatedTokenComesBackWithinTheGraceThenRefusedAndTheFamilyKept() {
		RelyingParty.Json first = signIn(new Browser(), "openid offline_access");
		RelyingParty.Json second = this.app.refresh(first.string("refresh_token"));
		assertThat(second.status()).isEqualTo(200);
		// A second into the 5-second grace: far enough from its end that a slow machine stays inside.
		rotatedAgo(first.string("refresh_token"), Duration.ofSeconds(1));

		RelyingParty.Json again = this.app.refresh(first.string("refresh_token"));

		assertThat(again.status()).isEqualTo(400);
		assertThat(again.string("error")).isEqualTo("invalid_grant");
		assertThat(this.app.refresh(second.string("refresh_token")).status()).isEqualTo(200);
	}

	/** Moves the rotation of a refresh token into the past (the grace is 5 seconds by default). */
	private void rotatedAgo(String refreshToken, Duration ago) {
		int updated = this.jdbc.update("UPDATE oauth2_authorization_token SET rotated_at = ? WHERE token_hash = ?",
				Timestamp.from(Instant.now().minus(ago)),
				TokenHash.of(refreshToken));
		assertThat(updated).isEqualTo(1);
	}

	@Test
	void refreshWhenMembershipRemovedThenRefused() {
		RelyingParty.Json first = signIn(new Browser(), "openid offline_access");
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setActive(false));

		RelyingParty.Json refused = this.app.refresh(first.string("refresh_token"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void userinfoWhenUserDeactivatedAfterIssueThenTokenRefused() {
		RelyingParty.Json tokens = signIn(new Browser(), "openid profile");
		this.provider.fixtures().updateUser(this.user, (u) -> u.deactivate(java.time.Instant.now()));

		RelyingParty.Json userinfo = this.app.userinfo(tokens.string("access_token"));

		assertThat(userinfo.status()).isEqualTo(401);
		assertThat(userinfo.body()).doesNotContainKey("sub");
	}

	@Test
	void userinfoWhenAppDeactivatedAfterIssueThenTokenRefused() {
		RelyingParty.Json tokens = signIn(new Browser(), "openid profile");
		assertThat(this.app.userinfo(tokens.string("access_token")).status()).isEqualTo(200);
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setActive(false));

		RelyingParty.Json userinfo = this.app.userinfo(tokens.string("access_token"));

		assertThat(userinfo.status()).isEqualTo(401);
		assertThat(userinfo.body()).doesNotContainKey("sub");
	}

	@Test
	void userinfoWhenMembershipChangesAfterIssueThenAnswerFollowsAtOnce() {
		RelyingParty.Json tokens = signIn(new Browser(), "openid profile");
		assertThat(this.app.userinfo(tokens.string("access_token")).body()).containsEntry("microsys_sso_role", "staff");

		this.provider.fixtures().updateMembership(this.membership, (m) -> m.setRole(MembershipRole.ADMIN));
		RelyingParty.Json promoted = this.app.userinfo(tokens.string("access_token"));
		this.provider.fixtures().updateMembership(this.membership, (m) -> m.setActive(false));
		RelyingParty.Json removed = this.app.userinfo(tokens.string("access_token"));

		assertThat(promoted.status()).isEqualTo(200);
		assertThat(promoted.body()).containsEntry("microsys_sso_role", "admin")
			.containsEntry("microsys_sso_client_id", this.client.getClientId())
			.containsEntry("sub", this.user.getUuid());
		assertThat(removed.status()).isEqualTo(401);
	}

	@Test
	void refreshWhenUserDeactivatedThenRefused() {
		RelyingParty.Json first = signIn(new Browser(), "openid offline_access");
		this.provider.fixtures().updateUser(this.user, (u) -> u.deactivate(java.time.Instant.now()));

		RelyingParty.Json refused = this.app.refresh(first.string("refresh_token"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void idTokenWhenIssuedThenCarriesSessionIdForLogout() throws Exception {
		RelyingParty.Json tokens = signIn(new Browser(), "openid");

		assertThat(this.app.verify(tokens.string("id_token")).getStringClaim("sid")).isNotBlank();
	}

	@Test
	void introspectWhenActiveThenDescribesTokenAndAfterRevokeInactive() {
		RelyingParty.Json tokens = signIn(new Browser(), "openid offline_access");
		String accessToken = tokens.string("access_token");

		RelyingParty.Json active = this.app.introspect(accessToken);
		assertThat(active.status()).isEqualTo(200);
		assertThat(active.body()).containsEntry("active", true)
			.containsEntry("client_id", this.client.getClientId())
			.containsEntry("sub", this.user.getUuid());

		RelyingParty.Json revoked = this.app.revoke(accessToken);
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(this.app.introspect(accessToken).body()).containsEntry("active", false);
	}

	@Test
	void revokeWhenRefreshTokenRevokedThenItCannotRefresh() {
		RelyingParty.Json tokens = signIn(new Browser(), "openid offline_access");

		assertThat(this.app.revoke(tokens.string("refresh_token")).status()).isEqualTo(200);

		assertThat(this.app.refresh(tokens.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void introspectWhenAnotherClientAsksThenItLearnsNothing() {
		RelyingParty.Json tokens = signIn(new Browser(), "openid");
		SsoClient other = this.provider.fixtures().confidentialClient((c) -> {
		});
		RelyingParty otherApp = new RelyingParty(this.provider.issuer(), other.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);

		assertThat(otherApp.introspect(tokens.string("access_token")).body()).doesNotContainKey("sub");
	}

	@Test
	void clientCredentialsWhenSecretIsRightThenTokenNamesTheClientAndNoRole() throws Exception {
		RelyingParty.Json tokens = this.app.clientCredentials(null);

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		JWTClaimsSet accessToken = this.app.verify(tokens.string("access_token"));
		assertThat(accessToken.getClaim("microsys_sso_client_id")).isEqualTo(this.client.getClientId());
		assertThat(accessToken.getClaims()).doesNotContainKey("microsys_sso_role");
		assertThat(tokens.body()).doesNotContainKeys("refresh_token", "id_token");
		assertThat(this.app.clientCredentials(null).status()).isEqualTo(200);
	}

	@Test
	void clientCredentialsWhenAppDeactivatedThenRefusedAtOnce() {
		assertThat(this.app.clientCredentials(null).status()).isEqualTo(200);
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setActive(false));

		RelyingParty.Json refused = this.app.clientCredentials(null);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.string("error")).isEqualTo("unauthorized_client");
		assertThat(refused.body()).doesNotContainKey("access_token");
	}

	@Test
	void clientCredentialsWhenSecretIsWrongThenUnauthorized() {
		RelyingParty wrong = new RelyingParty(this.provider.issuer(), this.client.getClientId(), "not-the-secret",
				TestFixtures.REDIRECT_URI);
		RelyingParty.Json afterGood = this.app.clientCredentials(null);
		assertThat(afterGood.status()).isEqualTo(200);

		RelyingParty.Json refused = wrong.clientCredentials(null);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.string("error")).isEqualTo("invalid_client");
	}

	@Test
	void clientCredentialsWhenClientPostSecretThenAccepted() {
		RelyingParty.Json tokens = new RelyingParty(this.provider.issuer(), this.client.getClientId(), null,
				TestFixtures.REDIRECT_URI)
			.callEndpoint("/token", Map.of("grant_type", "client_credentials", "client_secret", TestFixtures.SECRET));

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
	}

	@Test
	void clientCredentialsWhenIssuedThenNothingIsStoredAndIntrospectionStillDescribesTheToken() throws Exception {
		RelyingParty.Json tokens = this.app.clientCredentials(null);
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		String accessToken = tokens.string("access_token");
		JWTClaimsSet claims = this.app.verify(accessToken);

		RelyingParty.Json active = this.app.introspect(accessToken);

		assertThat(grantsOfClient()).isZero();
		assertThat(active.status()).isEqualTo(200);
		assertThat(active.body()).containsEntry("active", true)
			.containsEntry("client_id", this.client.getClientId())
			.containsEntry("sub", this.client.getClientId())
			.containsEntry("iss", this.provider.issuer())
			.containsEntry("token_type", "Bearer")
			.containsEntry("jti", claims.getJWTID())
			.containsEntry("exp", claims.getExpirationTime().toInstant().getEpochSecond())
			.containsEntry("microsys_sso_client_id", this.client.getClientId());
		// It speaks for no person: userinfo refuses it (no openid scope).
		assertThat(this.app.userinfo(accessToken).status()).isEqualTo(403);
	}

	@Test
	void clientCredentialsWhenRevokedThenThatTokenAloneIsInactiveAndRemembered() {
		String revoked = this.app.clientCredentials(null).string("access_token");
		String other = this.app.clientCredentials(null).string("access_token");

		assertThat(this.app.revoke(revoked).status()).isEqualTo(200);
		assertThat(this.app.revoke(revoked).status()).isEqualTo(200);

		assertThat(this.app.introspect(revoked).body()).containsEntry("active", false);
		assertThat(this.app.introspect(other).body()).containsEntry("active", true);
		assertThat(grantsOfClient()).isEqualTo(1);
		Timestamp expiresAt = this.jdbc.queryForObject(
				"SELECT expires_at FROM oauth2_authorization WHERE registered_client_id = ?", Timestamp.class,
				String.valueOf(this.client.getId()));
		assertThat(expiresAt.toInstant()).isAfter(Instant.now().plusSeconds(this.client.getAccessTokenTtlSeconds() - 60))
			.isBefore(Instant.now().plusSeconds(this.client.getAccessTokenTtlSeconds() + 5));
	}

	@Test
	void clientCredentialsTokenWhenAskedByAnotherAppOrAlteredOrAppDeactivatedThenInactive() {
		String accessToken = this.app.clientCredentials(null).string("access_token");
		SsoClient other = this.provider.fixtures().confidentialClient((c) -> {
		});
		RelyingParty otherApp = new RelyingParty(this.provider.issuer(), other.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		String[] parts = accessToken.split("\\.");
		// The app's own claims, made to live a year longer, under the original signature: only the
		// signature tells it apart (the app asks about a token that names it).
		String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		String longer = payload.replaceFirst("\"exp\":(\\d+)", "\"exp\":" + (Instant.now().getEpochSecond() + 31_536_000));
		assertThat(longer).isNotEqualTo(payload);
		String altered = parts[0] + "."
				+ java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(longer.getBytes(java.nio.charset.StandardCharsets.UTF_8))
				+ "." + parts[2];

		assertThat(otherApp.introspect(accessToken).body()).doesNotContainKey("sub").containsEntry("active", false);
		assertThat(otherApp.revoke(accessToken).string("error")).isEqualTo("invalid_client");
		assertThat(this.app.introspect(accessToken).body()).containsEntry("active", true);
		assertThat(this.app.introspect(altered).body())
			.containsEntry("active", false);
		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setActive(false));
		assertThat(this.app.introspect(accessToken).body()).containsEntry("active", false);
		assertThat(grantsOfClient()).isZero();
	}

	@Test
	void introspectWhenPersonsGrantIsGoneThenTheirAccessTokenIsNeverTakenForTheAppsOwn() {
		String accessToken = signIn(new Browser(), "openid").string("access_token");
		assertThat(this.app.introspect(accessToken).body()).containsEntry("active", true);

		this.jdbc.update("DELETE FROM oauth2_authorization WHERE principal_name = ?", this.user.getUuid());

		assertThat(this.app.introspect(accessToken).body()).containsEntry("active", false);
		assertThat(this.app.userinfo(accessToken).status()).isEqualTo(401);
	}

	@Test
	void refreshWhenTheSessionsAppRowIsRecentThenItIsLeftAsItIsAndWhenOlderThenItMovesOn() {
		RelyingParty.Json first = signIn(new Browser(), "openid offline_access");
		String sid = this.app.verify(first.string("id_token")).getClaims().get("sid").toString();
		Timestamp recent = Timestamp.from(Instant.now().minusSeconds(20).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		this.jdbc.update("UPDATE sso_session_client SET updated_at = ? WHERE session_id_hash = ?", recent, sid);

		RelyingParty.Json second = this.app.refresh(first.string("refresh_token"));

		assertThat(second.status()).as(second.raw()).isEqualTo(200);
		assertThat(sessionAppRowTime(sid)).isEqualTo(recent);
		Timestamp old = Timestamp.from(Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		this.jdbc.update("UPDATE sso_session_client SET updated_at = ? WHERE session_id_hash = ?", old, sid);

		assertThat(this.app.refresh(second.string("refresh_token")).status()).isEqualTo(200);

		assertThat(sessionAppRowTime(sid).toInstant()).isAfter(Instant.now().minusSeconds(60));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_session_client WHERE session_id_hash = ?",
				Integer.class, sid)).isEqualTo(1);
	}

	private Timestamp sessionAppRowTime(String sid) {
		return this.jdbc.queryForObject("SELECT updated_at FROM sso_session_client WHERE session_id_hash = ? "
				+ "AND client_id = ?", Timestamp.class, sid, this.client.getId());
	}

	private int grantsOfClient() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ?",
				Integer.class, String.valueOf(this.client.getId()));
	}

	@Test
	void endSessionWhenLoggedOutThenPromptNoneAsksForLogin() {
		Browser browser = new Browser();
		RelyingParty.Json tokens = signIn(browser, "openid");
		String logoutUrl = this.provider.issuer() + "/logout?" + Browser.urlEncode(Map.of("id_token_hint",
				tokens.string("id_token"), "post_logout_redirect_uri", TestFixtures.POST_LOGOUT_URI, "state", "bye"));

		HttpResponse<String> logout = browser.followWithin(browser.get(logoutUrl), this.app.origin());

		assertThat(Browser.isRedirect(logout)).as(logout.body()).isTrue();
		assertThat(Browser.location(logout)).startsWith(TestFixtures.POST_LOGOUT_URI).contains("state=bye");
		RelyingParty.Request silent = this.app.request().with("prompt", "none");
		HttpResponse<String> answer = browser.followWithin(browser.get(silent.url()), this.app.origin());
		Map<String, String> query = RelyingParty.query(URI.create(Browser.location(answer)));
		assertThat(query).containsEntry("error", "login_required").containsEntry("state", silent.state);
		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGOUT")).anySatisfy((event) -> {
			assertThat(event.getUserUuid()).isEqualTo(this.user.getUuid());
			assertThat(event.getClientId()).isEqualTo(this.client.getClientId());
		});
	}

	@Test
	void promptNoneWhenSignedInThenCodeWithoutLoginPage() {
		Browser browser = new Browser();
		signIn(browser, "openid");
		RelyingParty.Request silent = this.app.request().with("prompt", "none");

		HttpResponse<String> answer = browser.followWithin(browser.get(silent.url()), this.app.origin());

		assertThat(this.app.redirectQuery(answer)).containsKey("code").containsEntry("state", silent.state);
	}

}
