package io.microsys.sso.provider.oidc.dpop;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.DpopKey;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) over HTTP: tokens bound to the app's key when its policy allows, refused or
 * required per app, and the provider's userinfo endpoint checking every proof, replays included.
 * Run on H2 and on MariaDB.
 */
@ProviderIntegrationTest
class DpopTests {

	final Provider provider;

	@Autowired
	DpopProofs proofs;

	@Autowired
	JdbcTemplate jdbc;

	DpopTests(Provider provider) {
		this.provider = provider;
	}

	/** An app with the given policy, a member, and a code issued to it. */
	private record Signed(RelyingParty app, RelyingParty.Request request, String code, SsoUser user) {
	}

	private Signed signIn(Consumer<SsoClient> policy) {
		SsoClient client = this.provider.fixtures().confidentialClient(policy);
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.ADMIN);
		RelyingParty app = this.provider.relyingParty(client);
		RelyingParty.Request request = app.request();
		String code = app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		return new Signed(app, request, code, user);
	}

	private String token() {
		return this.provider.issuer() + "/token";
	}

	private String userinfo() {
		return this.provider.issuer() + "/userinfo";
	}

	private RelyingParty.Json boundTokens(Signed signed, DpopKey key) {
		return signed.app()
			.exchange(signed.code(), signed.request().pkce.verifier(), Map.of("DPoP", key.proof("POST", token())));
	}

	private HttpResponse<String> callUserinfo(String authorization, String proof) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(userinfo())).header("Authorization", authorization);
		if (proof != null) {
			request.header("DPoP", proof);
		}
		return new Browser().send(request.GET().build());
	}

	@Test
	void tokenWhenAppAllowsDpopAndSendsProofThenTokenBoundToKeyWithRole() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		DpopKey key = new DpopKey();

		RelyingParty.Json tokens = boundTokens(signed, key);

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		assertThat(tokens.string("token_type")).isEqualTo("DPoP");
		JWTClaimsSet accessToken = signed.app().verify(tokens.string("access_token"));
		assertThat(accessToken.getClaim("cnf")).isEqualTo(Map.of("jkt", key.thumbprint()));
		assertThat(accessToken.getClaim("microsys_sso_role")).isEqualTo("admin");
	}

	@Test
	void tokenExchangeWhenTheSubjectTokenIsBoundThenInvalidGrantAndNoToken() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		RelyingParty.Json tokens = boundTokens(signed, new DpopKey());
		SsoClient backEnd = this.provider.fixtures()
			.confidentialClient((c) -> c.setGrantTypes(List.of("urn:ietf:params:oauth:grant-type:token-exchange")));
		this.provider.fixtures().membership(backEnd, signed.user(), MembershipRole.USER);
		RelyingParty backEndApp = this.provider.relyingParty(backEnd);

		RelyingParty.Json answer = backEndApp.callEndpoint("/token",
				Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token",
						tokens.string("access_token"), "subject_token_type",
						"urn:ietf:params:oauth:token-type:access_token"));

		assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
		assertThat(answer.string("error")).isEqualTo("invalid_grant");
		assertThat(answer.body()).doesNotContainKey("access_token");
	}

	@Test
	void userinfoWhenBoundTokenWithValidProofThenClaims() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		DpopKey key = new DpopKey();
		String accessToken = boundTokens(signed, key).string("access_token");

		HttpResponse<String> response = callUserinfo("DPoP " + accessToken, key.proof("GET", userinfo(), accessToken));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(RelyingParty.Json.of(response).body()).containsEntry("sub", signed.user().getUuid())
			.containsEntry("microsys_sso_role", "admin");
	}

	@Test
	void userinfoWhenBoundTokenSentAsBearerThenInvalidTokenWithDpopChallenge() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		String accessToken = boundTokens(signed, new DpopKey()).string("access_token");

		HttpResponse<String> response = callUserinfo("Bearer " + accessToken, null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("WWW-Authenticate"))
			.anySatisfy((challenge) -> assertThat(challenge).startsWith("DPoP error=\"invalid_token\""));
	}

	@Test
	void userinfoWhenProofWrongOrOldOrReplayedThenRefused() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		DpopKey key = new DpopKey();
		String accessToken = boundTokens(signed, key).string("access_token");
		String good = key.proof("GET", userinfo(), accessToken);

		HttpResponse<String> otherUrl = callUserinfo("DPoP " + accessToken,
				key.proof("GET", this.provider.issuer() + "/token", accessToken));
		HttpResponse<String> otherMethod = callUserinfo("DPoP " + accessToken, key.proof("POST", userinfo(), accessToken));
		HttpResponse<String> old = callUserinfo("DPoP " + accessToken, key.proof("GET", userinfo(), accessToken,
				Instant.now().minusSeconds(300), UUID.randomUUID().toString()));
		HttpResponse<String> otherKey = callUserinfo("DPoP " + accessToken,
				new DpopKey().proof("GET", userinfo(), accessToken));
		HttpResponse<String> withoutAth = callUserinfo("DPoP " + accessToken, key.proof("GET", userinfo()));
		HttpResponse<String> noProof = callUserinfo("DPoP " + accessToken, null);
		HttpResponse<String> first = callUserinfo("DPoP " + accessToken, good);
		HttpResponse<String> replayed = callUserinfo("DPoP " + accessToken, good);

		for (HttpResponse<String> refused : java.util.List.of(otherUrl, otherMethod, old, otherKey, withoutAth, replayed)) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).get()
				.asString()
				.startsWith("DPoP error=\"invalid_dpop_proof\"");
		}
		assertThat(noProof.statusCode()).isEqualTo(401);
		assertThat(noProof.headers().firstValue("WWW-Authenticate")).get()
			.asString()
			.startsWith("DPoP error=\"invalid_request\"");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
	}

	@Test
	void userinfoWhenProofAlreadySeenByAnotherNodeThenRefused() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		DpopKey key = new DpopKey();
		String accessToken = boundTokens(signed, key).string("access_token");
		String proof = key.proof("GET", userinfo(), accessToken);
		// What another node records in the shared table when the proof reached it first.
		assertThat(this.proofs.firstUse(proof)).isTrue();

		HttpResponse<String> response = callUserinfo("DPoP " + accessToken, proof);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).get()
			.asString()
			.contains("invalid_dpop_proof");
	}

	@Test
	void tokenWhenProofAlreadySeenByAnotherNodeThenInvalidDpopProofAndNoToken() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		DpopKey key = new DpopKey();
		String proof = key.proof("POST", token());
		assertThat(this.proofs.firstUse(proof)).isTrue();

		RelyingParty.Json tokens = signed.app()
			.exchange(signed.code(), signed.request().pkce.verifier(), Map.of("DPoP", proof));

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(400);
		assertThat(tokens.string("error")).isEqualTo("invalid_dpop_proof");
		assertThat(tokens.body()).doesNotContainKey("access_token");
	}

	@Test
	void tokenWhenAppWithoutAllowDpopSendsProofThenInvalidRequestAndNoToken() {
		Signed signed = signIn((c) -> {
		});

		RelyingParty.Json tokens = boundTokens(signed, new DpopKey());

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(400);
		assertThat(tokens.string("error")).isEqualTo("invalid_request");
		assertThat(tokens.string("error_description")).contains("allow_dpop");
		assertThat(tokens.body()).doesNotContainKey("access_token");
	}

	@Test
	void tokenWhenAppRequiresDpopWithoutProofThenInvalidRequestAndNoToken() {
		Signed signed = signIn((c) -> c.getPolicy().setRequireDpop(true));

		RelyingParty.Json plain = signed.app().exchange(signed.code(), signed.request().pkce.verifier());
		RelyingParty.Json clientCredentials = signed.app().clientCredentials(null);

		for (RelyingParty.Json refused : java.util.List.of(plain, clientCredentials)) {
			assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
			assertThat(refused.string("error")).isEqualTo("invalid_request");
			assertThat(refused.string("error_description")).contains("DPoP");
			assertThat(refused.body()).doesNotContainKey("access_token");
		}
		assertThat(boundTokens(signed, new DpopKey()).status()).as("the code still works with a proof").isEqualTo(200);
	}

	@Test
	void tokenWhenAppAllowsDpopWithoutProofThenBearerTokenWorksAsBefore() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));

		RelyingParty.Json tokens = signed.app().exchange(signed.code(), signed.request().pkce.verifier());

		assertThat(tokens.string("token_type")).isEqualTo("Bearer");
		assertThat(signed.app().verify(tokens.string("access_token")).getClaim("cnf")).isNull();
		assertThat(signed.app().userinfo(tokens.string("access_token")).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenConfidentialAppSendsNewProofThenNewTokenBoundToIt() {
		Signed signed = signIn((c) -> c.getPolicy().setAllowDpop(true));
		DpopKey key = new DpopKey();
		RelyingParty.Json tokens = signed.app()
			.exchange(signed.code(), signed.request().pkce.verifier(), Map.of("DPoP", key.proof("POST", token())));

		RelyingParty.Json refreshed = signed.app()
			.callEndpoint("/token", Map.of("grant_type", "refresh_token", "refresh_token", tokens.string("refresh_token")),
					Map.of("DPoP", key.proof("POST", token())));

		assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
		assertThat(refreshed.string("token_type")).isEqualTo("DPoP");
		assertThat(signed.app().verify(refreshed.string("access_token")).getClaim("cnf"))
			.isEqualTo(Map.of("jkt", key.thumbprint()));
	}

	@Test
	void purgeWhenProofsPastRetentionThenForgotten() {
		String proof = new DpopKey().proof("POST", token());
		assertThat(this.proofs.firstUse(proof)).isTrue();
		assertThat(this.proofs.firstUse(proof)).isFalse();
		this.jdbc.update("UPDATE sso_dpop_proof SET expires_at = ? WHERE proof_hash = ?",
				java.sql.Timestamp.from(Instant.now().minusSeconds(1)), DpopProofs.identity(proof));

		assertThat(this.proofs.purgeExpired()).isGreaterThanOrEqualTo(1);

		Integer left = this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_dpop_proof WHERE proof_hash = ?",
				Integer.class, DpopProofs.identity(proof));
		assertThat(left).isZero();
	}

}
