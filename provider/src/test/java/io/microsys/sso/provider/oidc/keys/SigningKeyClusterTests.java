package io.microsys.sso.provider.oidc.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;

import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.support.MovableClock;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes sharing one database agree on the signing keys: nodes that start together (a cluster's
 * first start) create one first key, a key another node rotated in is accepted at once, and a new
 * key is published by every node before any node signs with it.
 */
@ProviderIntegrationTest
@DirtiesContext
class SigningKeyClusterTests {

	private final SigningKeyService keys;

	private final JdbcTemplate jdbc;

	private final ApplicationContext context;

	SigningKeyClusterTests(Provider provider) {
		this.context = provider.context();
		this.keys = provider.context().getBean(SigningKeyService.class);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	/** Another node's view of the keys: its own cache, on the same database. */
	private SigningKeyService node(Clock clock) {
		return new SigningKeyService(this.context.getBean(SigningKeyRepository.class),
				this.context.getBean(ClientRepository.class), this.context.getBean(MasterKey.class), this.context,
				clock, this.context.getBean(KeyProperties.class),
				this.context.getBean(PlatformTransactionManager.class));
	}

	@Test
	void initializeWhenNodesStartTogetherOnAnEmptyDatabaseThenOneFirstKey() throws Exception {
		this.jdbc.update("DELETE FROM sso_signing_key");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Simultaneous.all(pool, 4, (thread) -> {
				this.keys.initialize();
				return null;
			});
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_signing_key", Integer.class)).isEqualTo(1);
		assertThat(this.keys.current().published()).hasSize(1);
		assertThat(this.keys.current().signing().getKeyID())
			.isEqualTo(this.jdbc.queryForObject("SELECT kid FROM sso_signing_key WHERE status = 'ACTIVE'", String.class));
	}

	@Test
	void verificationWhenAnotherNodeRotatedThenItsNewTokensAcceptedBeforeTheRefresh() {
		MovableClock clock = new MovableClock(Instant.now());
		SigningKeyService here = node(clock);
		VerificationKeys verification = new VerificationKeys(here);
		String before = here.current().signing().getKeyID();
		assertThat(verification.selectJWSKeys(header(before), null)).hasSize(1);

		String rotated = node(clock).rotate();
		clock.advance(Duration.ofSeconds(2));

		assertThat(verification.selectJWSKeys(header(rotated), null)).as("the other node's new key").hasSize(1);
		assertThat(verification.selectJWSKeys(header(before), null)).as("the retired key").hasSize(1);
		assertThat(verification.selectJWSKeys(header("made-up"), null)).isEmpty();
	}

	@Test
	void rotationWhenOneNodeRotatesThenEveryNodePublishesTheNewKeyBeforeAnyNodeSignsWithIt() {
		KeyProperties settings = this.context.getBean(KeyProperties.class);
		// One settled key to start from, whatever the other tests left.
		this.jdbc.update("DELETE FROM sso_signing_key");
		MovableClock clock = new MovableClock(Instant.now().minus(Duration.ofDays(1)));
		node(clock).initialize();
		clock.advance(settings.effectivePublishAhead().plus(settings.getRefreshInterval()));
		SigningKeyService here = node(clock);
		String before = here.current().signing().getKeyID();

		SigningKeyService rotating = node(clock);
		String rotated = rotating.rotate();
		assertThat(kids(rotating.current())).containsExactlyInAnyOrder(rotated, before);
		assertThat(rotating.current().signing().getKeyID()).as("the rotating node, at once").isEqualTo(before);

		clock.advance(settings.getRefreshInterval().plusSeconds(1));
		assertThat(kids(here.current())).as("the other node, after its refresh").containsExactlyInAnyOrder(rotated, before);
		assertThat(here.current().signing().getKeyID()).isEqualTo(before);
		assertThat(rotating.current().signing().getKeyID()).isEqualTo(before);

		clock.advance(settings.effectivePublishAhead());
		assertThat(here.current().signing().getKeyID()).isEqualTo(rotated);
		assertThat(rotating.current().signing().getKeyID()).isEqualTo(rotated);
		assertThat(kids(here.current())).as("the retired key stays published").contains(before);
	}

	private static List<String> kids(SigningKeyService.KeySet set) {
		return set.published().stream().map(JWK::getKeyID).toList();
	}

	private static JWSHeader header(String kid) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
	}

}
