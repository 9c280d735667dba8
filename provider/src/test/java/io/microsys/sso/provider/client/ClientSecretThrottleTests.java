package io.microsys.sso.provider.client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.support.CountingPasswordChecks;
import io.microsys.sso.provider.support.MovableClock;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.throttle.ClientThrottleProperties;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.throttle.LoginThrottleProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong client secrets at the token endpoint cost the sender, not the server: past the threshold
 * (10 per client id) they are answered {@code 401 invalid_client} without being hashed, the block
 * is audited, other apps go on, and a right secret is refused too while the block lasts. The
 * first block lasts 10 minutes here, so a burst cannot outlast it; hashes are counted by
 * {@link CountingPasswordChecks}, nothing measures time.
 */
@ProviderIntegrationTest
@Import(CountingPasswordChecks.class)
@TestPropertySource(properties = { "microsys.sso.login-throttle.initial-block=10m",
		"microsys.sso.client-throttle.initial-block=10m" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSecretThrottleTests {

	private static final int THRESHOLD = 10;

	private static final int THREADS = 16;

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	private ExecutorService pool;

	ClientSecretThrottleTests(Provider provider) {
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

	@Test
	void tokenWhenManyWrongSecretsAtOnceThenPastTheThresholdRefusedUnhashedAuditedAndOtherAppsUnaffected()
			throws Exception {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient target = fixtures.confidentialClient((c) -> {
		});
		SsoClient other = fixtures.confidentialClient((c) -> {
		});
		String guess = "wrong-secret-" + UUID.randomUUID() + "-";

		List<RelyingParty.Json> answers = all(THREADS, (i) -> app(target, guess + i).clientCredentials(null));
		answers.addAll(all(THREADS, (i) -> app(target, guess + "again-" + i).clientCredentials(null)));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.raw()).isEqualTo(401);
			assertThat(answer.string("error")).isEqualTo("invalid_client");
		});
		assertThat(CountingPasswordChecks.checks(guess)).as("secrets hashed").isEqualTo(THRESHOLD);
		assertThat(throttledEvents(target)).containsExactly("client");

		RelyingParty.Json right = app(target, TestFixtures.SECRET).clientCredentials(null);
		assertThat(right.status()).as("the right secret while blocked: " + right.raw()).isEqualTo(401);
		assertThat(right.string("error")).isEqualTo("invalid_client");
		RelyingParty.Json unaffected = app(other, TestFixtures.SECRET).clientCredentials(null);
		assertThat(unaffected.status()).as(unaffected.raw()).isEqualTo(200);
		assertThat(throttledEvents(other)).isEmpty();
	}

	@Test
	void tokenWhenSecretWasVerifiedBeforeThenAnsweredWithoutHashingButRefusedOnceBlocked() throws Exception {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		RelyingParty app = app(client, TestFixtures.SECRET);
		assertThat(app.clientCredentials(null).status()).isEqualTo(200);
		int hashed = CountingPasswordChecks.checks(TestFixtures.SECRET);

		List<RelyingParty.Json> answers = all(THREADS, (i) -> app.clientCredentials(null));

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.raw()).isEqualTo(200));
		assertThat(CountingPasswordChecks.checks(TestFixtures.SECRET)).as("remembered, not hashed").isEqualTo(hashed);
		for (int i = 0; i < THRESHOLD; i++) {
			assertThat(app(client, "wrong-" + i).clientCredentials(null).status()).isEqualTo(401);
		}
		RelyingParty.Json blocked = app.clientCredentials(null);
		assertThat(blocked.status()).as(blocked.raw()).isEqualTo(401);
		assertThat(blocked.string("error")).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenManyRightSecretsAtOnceForAnAppNotVerifiedYetThenAllSucceedWithOneHash() throws Exception {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		int hashed = CountingPasswordChecks.checks(TestFixtures.SECRET);

		List<RelyingParty.Json> answers = all(THREADS, (i) -> app(client, TestFixtures.SECRET).clientCredentials(null));

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.raw()).isEqualTo(200));
		assertThat(CountingPasswordChecks.checks(TestFixtures.SECRET) - hashed).isEqualTo(1);
		assertThat(throttledEvents(client)).isEmpty();
	}

	@Test
	void tokenWhenRightSecretIsHashedAfterWrongOnesThenTheAppsCountStartsOver() {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		for (int i = 0; i < THRESHOLD - 1; i++) {
			assertThat(app(client, "wrong-before-" + i).clientCredentials(null).status()).isEqualTo(401);
		}
		assertThat(app(client, TestFixtures.SECRET).clientCredentials(null).status()).as("hashed, then remembered")
			.isEqualTo(200);
		for (int i = 0; i < THRESHOLD - 1; i++) {
			assertThat(app(client, "wrong-after-" + i).clientCredentials(null).status()).isEqualTo(401);
		}

		assertThat(app(client, TestFixtures.SECRET).clientCredentials(null).status()).isEqualTo(200);
		assertThat(throttledEvents(client)).isEmpty();
	}

	@Test
	void clientAuthenticationWhenOneAddressFailsForManyAppsThenThatAddressIsBlockedAndOthersNot() {
		MovableClock clock = new MovableClock(Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
		LoginThrottle throttle = new LoginThrottle(this.jdbc, clock, new LoginThrottleProperties(),
				new ClientThrottleProperties());
		String address = "203.0.113." + (int) (Math.random() * 250);
		for (int i = 0; i < 20; i++) {
			LoginThrottle.Attempt attempt = throttle.clientAuthentication(TestFixtures.unique("app"), address);
			assertThat(attempt.refused()).as("attempt %d", i + 1).isEmpty();
			throttle.failed(attempt);
		}

		assertThat(throttle.clientAuthentication(TestFixtures.unique("app"), address).refused()).get()
			.satisfies((block) -> assertThat(block.reason()).isEqualTo("ip"));
		assertThat(throttle.clientAuthenticationBlocked(TestFixtures.unique("app"), address)).isPresent();
		assertThat(throttle.clientAuthentication(TestFixtures.unique("app"), "198.51.100.7").refused()).isEmpty();
		// Wrong client secrets do not slow down the address's sign-ins.
		assertThat(throttle.blocked(TestFixtures.unique("someone"), address)).isEmpty();
	}

	private RelyingParty app(SsoClient client, String secret) {
		return new RelyingParty(this.provider.issuer(), client.getClientId(), secret, TestFixtures.REDIRECT_URI);
	}

	private List<String> throttledEvents(SsoClient client) {
		return this.jdbc.queryForList(
				"SELECT reason FROM sso_audit_event WHERE event_type = 'CLIENT_AUTHENTICATION_THROTTLED' AND client_id = ?",
				String.class, client.getClientId());
	}

	private <T> List<T> all(int threads, Simultaneous.Task<T> task) throws Exception {
		return Simultaneous.all(this.pool, threads, task);
	}

}
