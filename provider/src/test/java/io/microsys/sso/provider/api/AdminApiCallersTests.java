package io.microsys.sso.provider.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.SignedJWT;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.DpopKey;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call the admin API, over real HTTP with real tokens: a service account's client
 * credentials token and a person's own token (code with PKCE) are accepted and act as what is
 * stored now; no token, another issuer's, one with a bad signature, an expired one, one without
 * the API's audience, a DPoP-bound one, a revoked one, or one of a deactivated app or person get
 * 401 with {@code WWW-Authenticate} naming why; every accepted call is in the activity log with
 * its caller, and its entry tells nothing a caller typed about a person.
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

	// Each token below is a copy of a person's real token for a stored grant, signed with the
	// provider's own key, that differs from it in one claim; the grant keeps the copy as its token,
	// active until the issued token's expiry. So the refusal can only come from the check of that
	// claim (a client-credentials token would not do for the issuer and the expiry: its grant is
	// rebuilt from the token, which checks both again).

	@Test
	void reissuedTokenWhenNoCheckedClaimChangedThenAccepted() {
		String issued = personsToken();
		String copy = this.api.reissued(issued, (claims) -> claims.put("jti", UUID.randomUUID().toString()));
		assertThat(copy).isNotEqualTo(issued);
		AdminApiCalls.Response me = this.api.get(copy, "/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
	}

	@Test
	void anotherIssuersTokenIsRefused() {
		String token = this.api.reissued(personsToken(), (claims) -> claims.put("iss", "https://elsewhere.example/o"));
		unauthorized(this.api.get(token, "/me"), "The iss claim is not valid");
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefused() throws Exception {
		String issued = personsToken();
		RSAKey other = new RSAKeyGenerator(2048).keyID(SignedJWT.parse(issued).getHeader().getKeyID()).generate();
		String token = this.api.reissued(issued, (claims) -> {
		}, new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(other))));
		unauthorized(this.api.get(token, "/me"), "Invalid signature");
	}

	@Test
	void expiredTokenIsRefused() {
		// The token's whole lifetime moved back so that it ended ten minutes ago (a token cannot
		// expire before it was issued).
		String token = this.api.reissued(personsToken(), (claims) -> {
			Duration back = Duration.between(Instant.now(), (Instant) claims.get("exp")).plus(Duration.ofMinutes(10));
			for (String time : List.of("iat", "nbf", "exp")) {
				claims.computeIfPresent(time, (name, at) -> ((Instant) at).minus(back));
			}
		});
		unauthorized(this.api.get(token, "/me"), "Jwt expired at");
	}

	@Test
	void tokenWithoutTheApisAudienceIsRefused() {
		String token = this.api.reissued(personsToken(), (claims) -> {
			@SuppressWarnings("unchecked")
			List<String> audience = new ArrayList<>((List<String>) claims.get("aud"));
			assertThat(audience.remove(SsoClaims.adminApiAudience(this.provider.issuer()))).isTrue();
			audience.add("https://elsewhere.example/api");
			claims.put("aud", audience);
		});
		unauthorized(this.api.get(token, "/me"), "The aud claim is not valid");
	}

	@Test
	void dpopBoundTokenPresentedAsBearerTokenIsRefused() {
		String token = this.api.reissued(personsToken(),
				(claims) -> claims.put("cnf", Map.of("jkt", new DpopKey().thumbprint())));
		unauthorized(this.api.get(token, "/me"), "A sender-constrained token is not accepted as a bearer token");
	}

	@Test
	void serviceAccountsDpopBoundTokenPresentedAsBearerTokenIsRefused() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		this.provider.fixtures().updateClient(account.client(), (client) -> client.getPolicy().setAllowDpop(true));
		RelyingParty.Json bound = account.app()
			.callEndpoint("/token", Map.of("grant_type", "client_credentials", "scope", AdminApiCalls.SCOPE),
					Map.of("DPoP", new DpopKey().proof("POST", this.provider.issuer() + "/token")));
		assertThat(bound.status()).as(bound.raw()).isEqualTo(200);
		assertThat(bound.string("token_type")).isEqualTo("DPoP");
		unauthorized(this.api.get(bound.string("access_token"), "/me"),
				"A sender-constrained token is not accepted as a bearer token");
	}

	@Test
	void tokenAskedWithoutTheAdminScopeIsRefused() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> c.setGrantTypes(List.of("client_credentials")));
		String token = this.provider.relyingParty(app).clientCredentials("profile").string("access_token");
		unauthorized(this.api.get(token, "/me"), "The aud claim is not valid");
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

	/** A staff member's own token (a stored grant) through a command-line tool. */
	private String personsToken() {
		return this.api.personalToken(this.api.commandLineTool(), this.staff.unscoped(Permission.USERS_VIEW));
	}

	private static void unauthorized(AdminApiCalls.Response answer) {
		answer.isProblem(401, "unauthorized");
		assertThat(answer.header("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
	}

	/** A 401 whose challenge names the check that refused the token. */
	private static void unauthorized(AdminApiCalls.Response answer, String why) {
		unauthorized(answer);
		assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).containsPattern("error_description=\"[^\"]*" + Pattern.quote(why)));
	}

}
