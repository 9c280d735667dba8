package io.microsys.sso.provider.client;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The authorization server's view of an app is built once per version of the app's row, and every
 * lookup still reads that version: a change made anywhere is seen by the next request.
 */
@ProviderIntegrationTest
class RegisteredClientLookupTests {

	final Provider provider;

	@Autowired
	SsoRegisteredClientRepository registeredClients;

	@Autowired
	ClientRepository clients;

	@Autowired
	JdbcTemplate jdbc;

	RegisteredClientLookupTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void findWhenAppUnchangedThenTheSameBuiltClientByClientIdAndById() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});

		RegisteredClient first = this.registeredClients.findByClientId(app.getClientId());

		assertThat(this.registeredClients.findByClientId(app.getClientId())).isSameAs(first);
		assertThat(this.registeredClients.findById(String.valueOf(app.getId()))).isSameAs(first);
		assertThat(SsoRegisteredClientRepository.isActive(first)).isTrue();
	}

	@Test
	void findWhenAppChangedThenTheNextLookupSeesIt() {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient app = fixtures.confidentialClient((c) -> {
		});
		RegisteredClient before = this.registeredClients.findByClientId(app.getClientId());

		fixtures.updateClient(app, (c) -> c.getPolicy().setActive(false));

		RegisteredClient after = this.registeredClients.findByClientId(app.getClientId());
		assertThat(after).isNotSameAs(before);
		assertThat(SsoRegisteredClientRepository.isActive(after)).isFalse();
		assertThat(SsoRegisteredClientRepository.isActive(this.registeredClients.findById(String.valueOf(app.getId()))))
			.isFalse();
	}

	@Test
	void findWhenSecretHashedAgainThenTheNewHashIsSeen() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		RegisteredClient before = this.registeredClients.findByClientId(app.getClientId());

		assertThat(this.clients.rehashSecret(before.getClientSecret(), "{noop}replaced")).isEqualTo(1);
		assertThat(this.clients.rehashSecret(before.getClientSecret(), "{noop}again")).as("the old hash is gone")
			.isZero();

		assertThat(this.registeredClients.findByClientId(app.getClientId()).getClientSecret())
			.isEqualTo("{noop}replaced");
	}

	@Test
	void findWhenAppDeletedOrUnknownThenNull() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		assertThat(this.registeredClients.findByClientId(app.getClientId())).isNotNull();

		this.jdbc.update("DELETE FROM sso_client WHERE id = ?", app.getId());

		assertThat(this.registeredClients.findByClientId(app.getClientId())).isNull();
		assertThat(this.registeredClients.findById(String.valueOf(app.getId()))).isNull();
		assertThat(this.registeredClients.findById("not-a-number")).isNull();
		assertThat(this.registeredClients.findByClientId("x".repeat(101))).isNull();
	}

	@Test
	void saveWhenCalledThenRefusedAndNothingChanges() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		RegisteredClient registered = this.registeredClients.findByClientId(app.getClientId());

		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.registeredClients
			.save(RegisteredClient.from(registered).clientSecret("{noop}other").build()));

		assertThat(this.registeredClients.findByClientId(app.getClientId())).isSameAs(registered);
	}

}
