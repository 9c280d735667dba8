package io.microsys.sso.provider.oidc;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.authorization.TokenHash;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests for the same person and the same app at once — the load a busy app or a person
 * with several tabs puts on the provider. Every answer must be the expected one (never a 5xx), a
 * code and a refresh token must each have exactly one winner, and what is stored must add up
 * afterwards. Run on H2 and on MariaDB; nothing here measures time.
 */
@ProviderIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTests {

	/** Threads sending at once; each request of a round leaves together through a barrier. */
	private static final int THREADS = 32;

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	private ExecutorService pool;

	private SsoClient client;

	private SsoUser user;

	private RelyingParty app;

	ConcurrencyTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeAll
	void startThreads() {
		this.pool = Executors.newFixedThreadPool(THREADS);
	}

	@AfterAll
	void stopThreads() {
		this.pool.shutdownNow();
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.user = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, this.user, MembershipRole.STAFF);
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
	}

	@Test
	void codeWhenRedeemedByManyAtOnceThenExactlyOneGetsTokens() throws Exception {
		for (int round = 0; round < 3; round++) {
			RelyingParty.Request request = this.app.request().with("scope", "openid offline_access");
			String code = this.app.code(new Browser(), request, this.user.getUsername(), TestFixtures.PASSWORD);

			List<RelyingParty.Json> answers = all(THREADS, (i) -> this.app.exchange(code, request.pkce.verifier()));

			List<RelyingParty.Json> winners = answers.stream().filter((a) -> a.status() == 200).toList();
			assertThat(winners).as("answers %s", statuses(answers)).hasSize(1);
			assertThat(answers).filteredOn((a) -> a.status() != 200)
				.hasSize(THREADS - 1)
				.allSatisfy((a) -> assertThat(a.string("error")).as(a.raw()).isEqualTo("invalid_grant"));
			String grant = grantOf(winners.get(0).string("access_token"));
			assertThat(count("SELECT COUNT(*) FROM oauth2_authorization_token WHERE authorization_id = ? "
					+ "AND token_type = 'access_token'", grant)).isEqualTo(1);
			assertThat(count("SELECT COUNT(*) FROM oauth2_authorization_token WHERE authorization_id = ? "
					+ "AND token_type = 'refresh_token'", grant)).isEqualTo(1);
		}
		// One grant per code, nothing half-written.
		assertThat(grantsOfPerson()).isEqualTo(3);
		assertStoreConsistent();
	}

	@Test
	void refreshWhenSameTokenSentByManyAtOnceThenExactlyOneWinsAndTheFamilyLives() throws Exception {
		for (int round = 0; round < 3; round++) {
			String refreshToken = signIn(new Browser()).string("refresh_token");

			List<RelyingParty.Json> answers = all(THREADS, (i) -> this.app.refresh(refreshToken));

			List<RelyingParty.Json> winners = answers.stream().filter((a) -> a.status() == 200).toList();
			assertThat(winners).as("answers %s", statuses(answers)).hasSize(1);
			assertThat(answers).filteredOn((a) -> a.status() != 200)
				.allSatisfy((a) -> assertThat(a.string("error")).as(a.raw()).isEqualTo("invalid_grant"));
			// The losers were the same client racing itself: the winner's tokens still work.
			RelyingParty.Json next = this.app.refresh(winners.get(0).string("refresh_token"));
			assertThat(next.status()).as(next.raw()).isEqualTo(200);
			assertThat(this.app.introspect(next.string("access_token")).body()).containsEntry("active", true);
		}
		assertThat(grantsOfPerson()).isEqualTo(3);
		assertStoreConsistent();
	}

	@Test
	void refreshWhenRotatedTokenComesBackAfterTheGraceThenItIsAReplayAndTheFamilyIsRevoked() throws Exception {
		String refreshToken = signIn(new Browser()).string("refresh_token");
		List<RelyingParty.Json> answers = all(THREADS, (i) -> this.app.refresh(refreshToken));
		RelyingParty.Json winner = answers.stream().filter((a) -> a.status() == 200).findFirst().orElseThrow();
		this.jdbc.update("UPDATE oauth2_authorization_token SET rotated_at = ? WHERE token_hash = ?",
				Timestamp.from(Instant.now().minusSeconds(60)), TokenHash.of(refreshToken));

		RelyingParty.Json replay = this.app.refresh(refreshToken);

		assertThat(replay.string("error")).isEqualTo("invalid_grant");
		assertThat(this.app.refresh(winner.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
		assertThat(grantsOfPerson()).isZero();
	}

	@Test
	void signInWhenSamePersonInManyBrowsersAtOnceThenEveryOneGetsTokensOfItsOwnSession() throws Exception {
		List<RelyingParty.Json> answers = all(THREADS, (i) -> signIn(new Browser()));

		assertThat(answers).allSatisfy((a) -> assertThat(a.status()).as(a.raw()).isEqualTo(200));
		Set<String> sessions = new HashSet<>();
		for (RelyingParty.Json tokens : answers) {
			sessions.add(this.app.verify(tokens.string("id_token")).getStringClaim("sid"));
		}
		assertThat(sessions).as("every browser's ID token names its own session").hasSize(THREADS);
		assertThat(count("SELECT COUNT(DISTINCT session_id_hash) FROM sso_session_client WHERE user_uuid = ?",
				this.user.getUuid())).isEqualTo(THREADS);
		assertThat(grantsOfPerson()).isEqualTo(THREADS);
		assertThat(this.jdbc.queryForObject("SELECT last_login_at FROM sso_user WHERE id = ?", Timestamp.class,
				this.user.getId())).isNotNull();
		assertStoreConsistent();
	}

	@Test
	void logoutWhenManySessionsOfOnePersonEndAtOnceThenEachEndsItsOwnGrants() throws Exception {
		List<Browser> browsers = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			browsers.add(new Browser());
		}
		List<RelyingParty.Json> tokens = all(THREADS, (i) -> signIn(browsers.get(i)));
		assertThat(grantsOfPerson()).isEqualTo(THREADS);

		List<HttpResponse<String>> answers = all(THREADS, (i) -> {
			String logout = this.provider.issuer() + "/logout?" + Browser.urlEncode(Map.of("id_token_hint",
					tokens.get(i).string("id_token"), "post_logout_redirect_uri", TestFixtures.POST_LOGOUT_URI,
					"state", "bye-" + i));
			return browsers.get(i).followWithin(browsers.get(i).get(logout), this.app.origin());
		});

		for (int i = 0; i < THREADS; i++) {
			HttpResponse<String> answer = answers.get(i);
			assertThat(Browser.isRedirect(answer)).as("%d %s", answer.statusCode(), answer.body()).isTrue();
			assertThat(Browser.location(answer)).startsWith(TestFixtures.POST_LOGOUT_URI).endsWith("state=bye-" + i);
		}
		assertThat(grantsOfPerson()).isZero();
		assertThat(count("SELECT COUNT(*) FROM sso_session_client WHERE user_uuid = ?", this.user.getUuid())).isZero();
		assertThat(this.app.refresh(tokens.get(0).string("refresh_token")).string("error")).isEqualTo("invalid_grant");
	}

	@Test
	void secondFactorWhenOneBackupCodeIsSentFromManyBrowsersAtOnceThenExactlyOneSignsIn() throws Exception {
		this.provider.fixtures().authenticator(this.user);
		oneCodeFromManyBrowsers(this.provider.fixtures().backupCodes(this.user).get(0));
	}

	@Test
	void secondFactorWhenOneAuthenticatorCodeIsSentFromManyBrowsersAtOnceThenExactlyOneSignsIn() throws Exception {
		Authenticator phone = this.provider.fixtures().authenticator(this.user);
		oneCodeFromManyBrowsers(phone.nextCode());
	}

	/**
	 * The person signs in with the password on many browsers at once, then every browser sends the
	 * same single-use code at once: one signs in, the others are refused (and, being many wrong
	 * codes, soon throttled), none fails.
	 */
	private void oneCodeFromManyBrowsers(String code) throws Exception {
		List<Browser> browsers = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			browsers.add(new Browser());
		}
		List<HttpResponse<String>> challenges = all(THREADS, (i) -> this.app.authorize(browsers.get(i),
				this.app.request(), this.user.getUsername(), TestFixtures.PASSWORD));
		assertThat(challenges).allSatisfy((page) -> {
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
			assertThat(page.uri().getPath()).isEqualTo("/accounts/login/challenge");
		});

		List<HttpResponse<String>> answers = all(THREADS, (i) -> browsers.get(i)
			.followWithin(browsers.get(i).submitForm(challenges.get(i), "form#challenge", Map.of("code", code)),
					this.app.origin()));

		assertThat(answers).filteredOn(Browser::isRedirect)
			.as("signed in with one code: %s", answers.stream().map((a) -> a.statusCode() + " " + a.uri()).toList())
			.hasSize(1)
			.allSatisfy((answer) -> assertThat(this.app.redirectQuery(answer)).containsKey("code"));
		assertThat(answers).filteredOn((answer) -> !Browser.isRedirect(answer)).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).as(answer.body()).isIn(200, 429);
			assertThat(answer.uri().getPath()).isEqualTo("/accounts/login/challenge");
		});
	}

	@Test
	void everyFlowWhenManyRequestsForOnePersonAndAppRunAtOnceThenEveryAnswerIsRight() throws Exception {
		int rounds = 6;
		List<String> refreshTokens = all(THREADS / 4, (i) -> signIn(new Browser()).string("refresh_token"));
		String accessToken = signIn(new Browser()).string("access_token");
		int before = grantsOfPerson();
		Queue<String> appTokens = new ConcurrentLinkedQueue<>();

		// A quarter of the threads each: client credentials, a refresh chain of its own, full sign-ins,
		// userinfo; every one for the same person and app.
		List<List<Integer>> answers = all(THREADS, (i) -> {
			List<Integer> statuses = new ArrayList<>();
			String chain = refreshTokens.get(i / 4);
			for (int r = 0; r < rounds; r++) {
				switch (i % 4) {
					case 0 -> {
						RelyingParty.Json issued = this.app.clientCredentials(null);
						statuses.add(issued.status());
						appTokens.add(String.valueOf(issued.body().get("access_token")));
					}
					case 1 -> {
						RelyingParty.Json refreshed = this.app.refresh(chain);
						statuses.add(refreshed.status());
						chain = (refreshed.status() == 200) ? refreshed.string("refresh_token") : chain;
					}
					case 2 -> statuses.add(signIn(new Browser()).status());
					default -> statuses.add(this.app.userinfo(accessToken).status());
				}
			}
			return statuses;
		});

		for (int i = 0; i < THREADS; i++) {
			assertThat(answers.get(i)).as("thread %d (flow %d)", i, i % 4).containsOnly(200);
		}
		// Sign-ins add a grant each; refreshes rotate without adding one.
		assertThat(grantsOfPerson()).isEqualTo(before + (THREADS / 4) * rounds);
		// The app's own tokens are all different and all valid, and none is stored.
		assertThat(appTokens).hasSize((THREADS / 4) * rounds).doesNotHaveDuplicates();
		assertThat(appTokens).allSatisfy((token) -> assertThat(this.app.introspect(token).body())
			.containsEntry("active", true)
			.containsEntry("sub", this.client.getClientId()));
		assertThat(count("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ? "
				+ "AND grant_type = 'client_credentials'", String.valueOf(this.client.getId())))
			.isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth2_authorization_token t JOIN oauth2_authorization a "
				+ "ON a.id = t.authorization_id WHERE a.principal_name = ? AND a.registered_client_id = ? "
				+ "AND t.token_type = 'rotated_refresh_token'", this.user.getUuid(),
				String.valueOf(this.client.getId())))
			.isEqualTo((THREADS / 4) * rounds);
		assertStoreConsistent();
	}

	@Test
	void revokeWhenOneAppTokenIsRevokedByManyAtOnceThenAllSucceedAndItIsRememberedOnce() throws Exception {
		String revoked = this.app.clientCredentials(null).string("access_token");
		String kept = this.app.clientCredentials(null).string("access_token");

		List<RelyingParty.Json> answers = all(THREADS, (i) -> this.app.revoke(revoked));

		assertThat(answers).allSatisfy((a) -> assertThat(a.status()).as(a.raw()).isEqualTo(200));
		assertThat(this.app.introspect(revoked).body()).containsEntry("active", false);
		assertThat(this.app.introspect(kept).body()).containsEntry("active", true);
		assertThat(count("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ? "
				+ "AND grant_type = 'client_credentials'", String.valueOf(this.client.getId())))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM oauth2_authorization_token WHERE token_hash = ?",
				TokenHash.of(revoked)))
			.isEqualTo(1);
		assertStoreConsistent();
	}

	@Test
	void clientCredentialsWhenSecretHashIsOfAnOlderSettingThenManyAtOnceAllSucceedAndItIsHashedAgain()
			throws Exception {
		String earlier = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2).encode(TestFixtures.SECRET);
		SsoClient outdated = this.provider.fixtures().confidentialClient((c) -> c.setSecretHash(earlier));
		RelyingParty service = new RelyingParty(this.provider.issuer(), outdated.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);

		List<RelyingParty.Json> answers = all(THREADS, (i) -> service.clientCredentials(null));

		assertThat(answers).allSatisfy((a) -> assertThat(a.status()).as(a.raw()).isEqualTo(200));
		String stored = this.jdbc.queryForObject("SELECT secret_hash FROM sso_client WHERE client_id = ?",
				String.class, outdated.getClientId());
		assertThat(stored).startsWith("{argon2}$argon2id$v=19$m=7168,t=5,p=1$");
		assertThat(service.clientCredentials(null).status()).isEqualTo(200);
		assertThat(new RelyingParty(this.provider.issuer(), outdated.getClientId(), "not-the-secret", TestFixtures.REDIRECT_URI)
			.clientCredentials(null)
			.status()).isEqualTo(401);
	}

	/** Signs in on {@code browser} and redeems the code; fails the thread if any step fails. */
	private RelyingParty.Json signIn(Browser browser) {
		RelyingParty.Request request = this.app.request().with("scope", "openid profile offline_access");
		String code = this.app.code(browser, request, this.user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = this.app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	private <T> List<T> all(int threads, Simultaneous.Task<T> task) throws Exception {
		return Simultaneous.all(this.pool, threads, task);
	}

	private static Map<Integer, Long> statuses(List<RelyingParty.Json> answers) {
		return answers.stream()
			.collect(java.util.stream.Collectors.groupingBy(RelyingParty.Json::status,
					java.util.stream.Collectors.counting()));
	}

	private String grantOf(String token) {
		return this.jdbc.queryForObject("SELECT authorization_id FROM oauth2_authorization_token WHERE token_hash = ?",
				String.class, TokenHash.of(token));
	}

	private int grantsOfPerson() {
		return count("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id = ?",
				this.user.getUuid(), String.valueOf(this.client.getId()));
	}

	private int count(String sql, Object... arguments) {
		Integer count = this.jdbc.queryForObject(sql, Integer.class, arguments);
		return (count != null) ? count : 0;
	}

	/**
	 * Every grant of this app holds exactly one live access token and at most one live refresh
	 * token in the index, and none is left without its tokens.
	 */
	private void assertStoreConsistent() {
		String clientId = String.valueOf(this.client.getId());
		assertThat(count("SELECT COUNT(*) FROM oauth2_authorization a WHERE a.registered_client_id = ? AND "
				+ "(SELECT COUNT(*) FROM oauth2_authorization_token t WHERE t.authorization_id = a.id "
				+ "AND t.token_type = 'access_token') <> 1", clientId))
			.as("grants without exactly one access token")
			.isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth2_authorization a WHERE a.registered_client_id = ? AND "
				+ "(SELECT COUNT(*) FROM oauth2_authorization_token t WHERE t.authorization_id = a.id "
				+ "AND t.token_type = 'refresh_token') > 1", clientId))
			.as("grants with more than one live refresh token")
			.isZero();
	}

}
