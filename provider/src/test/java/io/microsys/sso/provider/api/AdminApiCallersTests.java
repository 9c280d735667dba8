package io.microsys.sso.provider.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call the admin API, over real HTTP with real tokens: a service account's client
 * credentials token and a person's own token (code with PKCE) are accepted and act as what is
 * stored now; no token, another issuer's, an expired one, one without the API's audience, a
 * revoked one, or one of a deactivated app or person get 401 with {@code WWW-Authenticate}; every
 * accepted call is in the activity log with its caller.
 */
@ProviderIntegrationTest
class AdminApiCallersTests {

	final Provider provider;

	final AdminApiCalls api;

	final TestStaff staff;

	AdminApiCallersTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.staff = new TestStaff(provider);
	}

	@Test
	void serviceAccountActsWithItsGrants() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW,
				Permission.GROUPS_VIEW);
		AdminApiCalls.Response me = this.api.get(account.token(), "/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("kind").asString()).isEqualTo("service_account");
		assertThat(me.json().get("id").asString()).isEqualTo(account.clientId());
		assertThat(me.json().get("tier").asString()).isEqualTo("global_staff");
		assertThat(me.json().get("permissions").valueStream().map((node) -> node.asString()).toList())
			.containsExactlyInAnyOrder("users.view", "groups.view");
	}

	@Test
	void grantsAreReadOnEveryCallNotFromTheToken() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String token = account.token();
		this.api.grant(account.client(), null, Permission.LOGS_VIEW);
		AdminApiCalls.Response me = this.api.get(token, "/me");
		assertThat(me.json().get("permissions").valueStream().map((node) -> node.asString()).toList())
			.containsExactly("logs.view");
	}

	@Test
	void personalTokenActsAsThePerson() {
		SsoUser person = this.staff.unscoped(Permission.USERS_VIEW);
		SsoClient tool = this.api.commandLineTool();
		String token = this.api.personalToken(tool, person);
		AdminApiCalls.Response me = this.api.get(token, "/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("kind").asString()).isEqualTo("person");
		assertThat(me.json().get("id").asString()).isEqualTo(person.getUuid());
		assertThat(me.json().get("tier").asString()).isEqualTo("central_staff");
	}

	@Test
	void deactivatedPersonsTokenIsRefused() {
		SsoUser person = this.staff.unscoped(Permission.USERS_VIEW);
		String token = this.api.personalToken(this.api.commandLineTool(), person);
		this.provider.fixtures()
			.updateUser(person, (user) -> user.deactivate(Instant.now(), null));
		unauthorized(this.api.get(token, "/me"));
	}

	@Test
	void noTokenIsChallenged() {
		AdminApiCalls.Response answer = this.api.get(null, "/me");
		answer.isProblem(401, "unauthorized");
		assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
	}

	@Test
	void tokenWithoutTheApisAudienceIsRefused() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> c.setGrantTypes(List.of("client_credentials")));
		String token = this.provider.relyingParty(app).clientCredentials("profile").string("access_token");
		unauthorized(this.api.get(token, "/me"));
	}

	@Test
	void anotherIssuersTokenIsRefused() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("other").generate();
		JwtEncoder other = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		String token = other.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("other").build(),
				claims("https://elsewhere.example/o", Instant.now().plusSeconds(300)))).getTokenValue();
		unauthorized(this.api.get(token, "/me"));
	}

	@Test
	void expiredTokenIsRefused() {
		@SuppressWarnings("unchecked")
		JwtEncoder ours = new NimbusJwtEncoder(this.provider.context().getBean(JWKSource.class));
		String token = ours.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(),
				claims(this.provider.issuer(), Instant.now().minusSeconds(600)))).getTokenValue();
		unauthorized(this.api.get(token, "/me"));
	}

	@Test
	void revokedTokenIsRefusedAtOnce() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String token = account.token();
		assertThat(this.api.get(token, "/me").status()).isEqualTo(200);
		assertThat(account.app().revoke(token).status()).isEqualTo(200);
		unauthorized(this.api.get(token, "/me"));
	}

	@Test
	void deactivatedAppsTokenIsRefused() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String token = account.token();
		this.provider.fixtures().updateClient(account.client(), (client) -> client.getPolicy().setActive(false));
		unauthorized(this.api.get(token, "/me"));
	}

	@Test
	void everyCallIsInTheActivityLogWithItsCaller() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String token = account.token();
		String uuid = UUID.randomUUID().toString();
		this.api.get(token, "/me");
		this.api.get(token, "/no-such-thing").isProblem(404, "not-found");
		this.api.get(token, "/people?q=" + AdminApiCalls.encode("sara.haddad@finance.example") + "&limit=5&status=active");
		this.api.get(token, "/people/" + uuid).isProblem(404, "not-found");
		this.api.get(token, "/people/sara.haddad@finance.example").isProblem(404, "not-found");
		this.api.get(token, "/people/" + uuid + "/sessions?sara.haddad=1&q");
		await().atMost(Duration.ofSeconds(10)).until(() -> logged(account).size() == 6);
		List<String> logged = logged(account);
		assertThat(logged).containsExactly("GET /api/admin/v1/me 200", "GET /api/admin/v1/… 404",
				"GET /api/admin/v1/people?q=…&limit=…&status=… 200", "GET /api/admin/v1/people/" + uuid + " 404",
				"GET /api/admin/v1/people/… 404", "GET /api/admin/v1/people/" + uuid + "/sessions?…=…&q 404");
		assertThat(String.join(" ", logged)).doesNotContain("sara").doesNotContain("finance");
	}

	private List<String> logged(AdminApiCalls.ServiceAccount account) {
		return this.provider.context()
			.getBean(JdbcClient.class)
			.sql("SELECT CONCAT(detail, ' ', reason) FROM sso_audit_event WHERE event_type = 'API_CALLED' "
					+ "AND actor_name = ? AND client_id = ? ORDER BY id")
			.params("service-account-" + account.clientId(), account.clientId())
			.query(String.class)
			.list();
	}

	@Test
	void unknownPathsAndMethodsAnswerProblems() {
		String token = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		this.api.get(token, "/no-such-thing").isProblem(404, "not-found");
		AdminApiCalls.Response wrongMethod = this.api.delete(token, "/me", null).isProblem(405, "method-not-allowed");
		assertThat(wrongMethod.header("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET"));
	}

	private JwtClaimsSet claims(String issuer, Instant expires) {
		return JwtClaimsSet.builder()
			.issuer(issuer)
			.subject("someone")
			.audience(List.of(SsoClaims.adminApiAudience(this.provider.issuer())))
			.claim(SsoClaims.CLIENT_ID, "someone")
			.claim("scope", List.of(SsoClaims.ADMIN_API_SCOPE))
			.issuedAt(expires.minusSeconds(300))
			.expiresAt(expires)
			.build();
	}

	private static void unauthorized(AdminApiCalls.Response answer) {
		answer.isProblem(401, "unauthorized");
		assertThat(answer.header("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer").contains("invalid_token"));
	}

}
