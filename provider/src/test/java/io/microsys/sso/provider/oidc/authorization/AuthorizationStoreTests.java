package io.microsys.sso.provider.oidc.authorization;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** What the grant store keeps in the database, and that it does not keep it for ever. */
@ProviderIntegrationTest
class AuthorizationStoreTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatabaseAuthorizationService authorizations;

	@Autowired
	MasterKey masterKey;

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactionManager;

	private String clientId;

	AuthorizationStoreTests(Provider provider) {
		this.provider = provider;
	}

	private RelyingParty.Json signIn() {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient client = fixtures.confidentialClient((c) -> {
		});
		this.clientId = client.getClientId();
		SsoUser user = fixtures.user();
		fixtures.membership(client, user, MembershipRole.USER);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request().with("scope", "openid offline_access");
		String code = app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		return app.exchange(code, request.pkce.verifier());
	}

	@Test
	void saveWhenTokensIssuedThenOnlyHashesAndCiphertextAreStored() {
		RelyingParty.Json tokens = signIn();
		String refreshToken = tokens.string("refresh_token");

		List<String> hashes = this.jdbc.queryForList("SELECT token_hash FROM oauth2_authorization_token",
				String.class);
		assertThat(hashes).contains(TokenHash.of(refreshToken), TokenHash.of(tokens.string("access_token")));
		List<byte[]> payloads = this.jdbc.queryForList("SELECT payload FROM oauth2_authorization", byte[].class);
		assertThat(payloads).allSatisfy((payload) -> assertThat(new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain(refreshToken));
		assertThat(this.authorizations.findByToken(refreshToken, null)).isNotNull();
	}

	@Test
	void purgeWhenGrantExpiredLongAgoThenRemovedWithItsTokensAndLiveOnesKept() {
		RelyingParty.Json live = signIn();
		RelyingParty.Json stale = signIn();
		String staleId = this.authorizations.findByToken(stale.string("access_token"), null).getId();
		this.jdbc.update("UPDATE oauth2_authorization SET expires_at = ? WHERE id = ?",
				Timestamp.from(Instant.now().minusSeconds(7200)), staleId);

		int removed = this.authorizations.purgeExpired();

		assertThat(removed).isGreaterThanOrEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE id = ?", Integer.class,
				staleId)).isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM oauth2_authorization_token WHERE authorization_id = ?", Integer.class, staleId))
			.isZero();
		assertThat(this.authorizations.findByToken(live.string("refresh_token"), null)).isNotNull();
	}

	@Test
	void purgeWhenMoreExpiredGrantsThanOneBatchThenAllRemovedOldestFirstAndLiveOnesKept() {
		String prefix = TestFixtures.unique("purge");
		Timestamp longAgo = Timestamp.from(Instant.now().minusSeconds(7200));
		Timestamp later = Timestamp.from(Instant.now().plusSeconds(3600));
		List<Object[]> grants = new java.util.ArrayList<>();
		List<Object[]> tokens = new java.util.ArrayList<>();
		for (int i = 0; i < 1203; i++) {
			grants.add(new Object[] { prefix + "-" + i, longAgo });
			tokens.add(new Object[] { TokenHash.of(prefix + "-token-" + i), prefix + "-" + i });
		}
		grants.add(new Object[] { prefix + "-live", later });
		// In one transaction: the scheduled purge (every minute) may run at any moment, and must not
		// remove a grant between its row and its token's.
		new org.springframework.transaction.support.TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> {
				this.jdbc.batchUpdate("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, "
						+ "grant_type, payload, created_at, updated_at, expires_at) VALUES (?, '1', 'purge', "
						+ "'client_credentials', X'00', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)", grants);
				this.jdbc.batchUpdate("INSERT INTO oauth2_authorization_token (token_hash, authorization_id, "
						+ "token_type) VALUES (?, ?, 'access_token')", tokens);
			});

		this.authorizations.purgeExpired();

		// All 1,203 gone: more than two batches of 500 (by this call, or by the scheduled purge that
		// runs the same batches if it came first).
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE id LIKE ?", Integer.class,
				prefix + "-%")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization_token WHERE authorization_id LIKE ?",
				Integer.class, prefix + "-%")).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE id = ?", Integer.class,
				prefix + "-live")).isEqualTo(1);
	}

	@Test
	void findByTokenWhenValueUnknownOrHugeThenNothing() {
		assertThat(this.authorizations.findByToken("no-such-token", null)).isNull();
		assertThat(this.authorizations.findByToken("x".repeat(100_000), null)).isNull();
	}

	@Test
	void findByTokenWhenGrantWasStoredByJavaSerializationThenStillReadAndRefreshed() throws Exception {
		RelyingParty.Json tokens = signIn();
		String refreshToken = tokens.string("refresh_token");
		OAuth2Authorization grant = this.authorizations.findByToken(refreshToken, null);
		// The grant as an earlier version stored it: the whole object, Java-serialized, encrypted.
		OAuth2Authorization stored = OAuth2Authorization.from(grant)
			.attributes((attributes) -> attributes.keySet().removeIf((name) -> name.endsWith(".version")))
			.build();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(stored);
		}
		this.jdbc.update("UPDATE oauth2_authorization SET payload = ? WHERE id = ?",
				this.masterKey.encrypt(bytes.toByteArray(), "authorization:" + grant.getId()), grant.getId());

		assertThat(this.authorizations.findByToken(refreshToken, null).getAccessToken().getToken().getTokenValue())
			.isEqualTo(tokens.string("access_token"));
		RelyingParty app = new RelyingParty(this.provider.issuer(), this.clientId, TestFixtures.SECRET, TestFixtures.REDIRECT_URI);
		assertThat(app.refresh(refreshToken).status()).isEqualTo(200);
		assertThat(AuthorizationPayloads.isCompact(this.masterKey.decrypt(this.jdbc.queryForObject(
				"SELECT payload FROM oauth2_authorization WHERE id = ?", byte[].class, grant.getId()),
				"authorization:" + grant.getId()))).as("written again in the compact form").isTrue();
	}

	@Test
	void findByTokenWhenStoredJavaSerializationHoldsAClassNotAllowedThenRefusedWithoutErrorAndAuditedOnce()
			throws Exception {
		RelyingParty.Json tokens = signIn();
		String refreshToken = tokens.string("refresh_token");
		OAuth2Authorization grant = this.authorizations.findByToken(refreshToken, null);
		// What an attacker who could write the table (and had the master key) might plant: a grant
		// whose Java serialization makes a class outside the allow-list (here a harmless one).
		OAuth2Authorization planted = OAuth2Authorization.from(grant)
			.attributes((attributes) -> attributes.keySet().removeIf((name) -> name.endsWith(".version")))
			.attribute("planted", new java.util.PriorityQueue<>(List.of("a", "b")))
			.build();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(planted);
		}
		this.jdbc.update("UPDATE oauth2_authorization SET payload = ? WHERE id = ?",
				this.masterKey.encrypt(bytes.toByteArray(), "authorization:" + grant.getId()), grant.getId());

		RelyingParty app = new RelyingParty(this.provider.issuer(), this.clientId, TestFixtures.SECRET, TestFixtures.REDIRECT_URI);
		assertThat(app.userinfo(tokens.string("access_token")).status()).isEqualTo(401);
		RelyingParty.Json refreshed = app.refresh(refreshToken);
		assertThat(refreshed.status()).isEqualTo(400);
		assertThat(refreshed.string("error")).isEqualTo("invalid_grant");
		assertThat(app.introspect(tokens.string("access_token")).body()).containsEntry("active", false);
		assertThat(unreadableAudits(grant.getId())).isEqualTo(1);
	}

	@Test
	void findByTokenWhenPayloadDoesNotDecryptThenRefusedWithoutErrorAndAudited() {
		RelyingParty.Json tokens = signIn();
		OAuth2Authorization grant = this.authorizations.findByToken(tokens.string("refresh_token"), null);
		// Sealed for another grant: the authenticated context does not match, as with another key.
		this.jdbc.update("UPDATE oauth2_authorization SET payload = ? WHERE id = ?",
				this.masterKey.encrypt(new byte[] { 1, 2, 3 }, "authorization:other"), grant.getId());

		RelyingParty app = new RelyingParty(this.provider.issuer(), this.clientId, TestFixtures.SECRET, TestFixtures.REDIRECT_URI);
		assertThat(app.userinfo(tokens.string("access_token")).status()).isEqualTo(401);
		assertThat(app.refresh(tokens.string("refresh_token")).status()).isEqualTo(400);
		assertThat(unreadableAudits(grant.getId())).isEqualTo(1);
	}

	private int unreadableAudits(String grantId) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'GRANT_UNREADABLE' AND detail = ?",
				Integer.class, "authorization " + grantId);
	}

}
