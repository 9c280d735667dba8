package io.microsys.sso.provider.oidc.keys;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes that start together on one database (a cluster's first start, a rollout with rotation)
 * agree on the signing keys: one first key, one new key per rotation.
 */
@ProviderIntegrationTest
@DirtiesContext
class SigningKeyStartUpTests {

	private final SigningKeyService keys;

	private final JdbcTemplate jdbc;

	SigningKeyStartUpTests(Provider provider) {
		this.keys = provider.context().getBean(SigningKeyService.class);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
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

}
