package io.microsys.sso.provider.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Presents connected apps to the authorization server. Clients are managed through the bootstrap
 * file and the admin console, never through this interface; secrets verified against an older hash
 * setting are hashed again by {@link CachingSecretVerifier}, which is why the authorization server
 * never needs {@link #save}. During a secret rotation's overlap the app's secret is both hashes and
 * the overlap's end ({@link ClientSecrets#registered}), which the verifier reads.
 */
@Component
public class SsoRegisteredClientRepository implements RegisteredClientRepository {

	/** Client setting: the app's policy requires a second factor at sign-in. */
	static final String REQUIRE_2FA = "microsys.sso.require-2fa";

	static final String ACTIVE = "microsys.sso.active";

	/** Client setting: the app may push authorization requests (RFC 9126). */
	static final String ALLOW_PAR = "microsys.sso.allow-par";

	/** Client setting: the app must push its authorization requests. */
	static final String REQUIRE_PAR = "microsys.sso.require-par";

	/** Client setting: the app may send DPoP proofs (RFC 9449). */
	static final String ALLOW_DPOP = "microsys.sso.allow-dpop";

	/** Client setting: every token request of the app needs a DPoP proof. */
	static final String REQUIRE_DPOP = "microsys.sso.require-dpop";

	private final ClientRepository clients;

	private final JdbcTemplate jdbc;

	/**
	 * Apps as the authorization server sees them, by row id, with the row version they were built
	 * from. Every lookup still asks the database for the row's current version (one indexed row, two
	 * numbers), so a change made on any node is seen by the next request; only the building of the
	 * app from its full row is saved. At most one entry per app.
	 */
	private final Map<Long, Built> built = new ConcurrentHashMap<>();

	private record Built(long version, RegisteredClient client) {
	}

	public SsoRegisteredClientRepository(ClientRepository clients, JdbcTemplate jdbc) {
		this.clients = clients;
		this.jdbc = jdbc;
	}

	/**
	 * Refused: a full save of an app from a token request would race with every other request of the
	 * same app (the authorization server calls it only to store a re-hashed secret, and the secret
	 * verifier says no hash needs that, doing it itself with a conditional update).
	 */
	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Apps are registered and changed through the admin console");
	}

	@Override
	public RegisteredClient findById(String id) {
		long pk;
		try {
			pk = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return null;
		}
		return current(this.jdbc.query("SELECT id, version FROM sso_client WHERE id = ?", SsoRegisteredClientRepository::row,
				pk));
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > 100) {
			return null;
		}
		return current(this.jdbc.query("SELECT id, version FROM sso_client WHERE client_id = ?",
				SsoRegisteredClientRepository::row, clientId));
	}

	private static long[] row(ResultSet rs, int rowNum) throws SQLException {
		return new long[] { rs.getLong(1), rs.getLong(2) };
	}

	/** The app of this (id, version) row: built before at this version, or built now from its row. */
	private RegisteredClient current(List<long[]> rows) {
		if (rows.isEmpty()) {
			return null;
		}
		long pk = rows.get(0)[0];
		Built known = this.built.get(pk);
		if (known != null && known.version() == rows.get(0)[1]) {
			return known.client();
		}
		Optional<SsoClient> client = this.clients.findById(pk);
		if (client.isEmpty()) {
			this.built.remove(pk);
			return null;
		}
		RegisteredClient registered = toRegisteredClient(client.get());
		this.built.put(pk, new Built(client.get().getVersion(), registered));
		return registered;
	}

	/** Whether the app's policy is active (read from the client, no query); fails closed. */
	public static boolean isActive(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(ACTIVE));
	}

	/** Whether the app's policy requires a second factor (read from the client, no query). */
	public static boolean requiresSecondFactor(RegisteredClient client) {
		return !Boolean.FALSE.equals(client.getClientSettings().getSetting(REQUIRE_2FA));
	}

	/** Whether the app may push authorization requests (read from the client, no query); fails closed. */
	public static boolean allowsPar(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(ALLOW_PAR));
	}

	/** Whether the app must push its authorization requests (read from the client, no query). */
	public static boolean requiresPar(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_PAR));
	}

	/** Whether the app may send DPoP proofs (read from the client, no query); fails closed. */
	public static boolean allowsDpop(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(ALLOW_DPOP));
	}

	/** Whether every token request of the app needs a DPoP proof (read from the client, no query). */
	public static boolean requiresDpop(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_DPOP));
	}

	static RegisteredClient toRegisteredClient(SsoClient client) {
		ClientPolicy policy = client.getPolicy();
		RegisteredClient.Builder builder = RegisteredClient.withId(String.valueOf(client.getId()))
			.clientId(client.getClientId())
			.clientName(client.getName())
			.clientIdIssuedAt(client.getUpdatedAt());
		if (client.isPublicClient()) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		else {
			builder.clientSecret(ClientSecrets.registered(client.getSecretHash(), client.getPreviousSecretHash(),
					client.getPreviousSecretExpiresAt()))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		client.getGrantTypes().forEach((grant) -> builder.authorizationGrantType(new AuthorizationGrantType(grant)));
		client.getRedirectUris().forEach(builder::redirectUri);
		client.getPostLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
		client.getScopes().forEach(builder::scope);
		builder.clientSettings(ClientSettings.builder()
			.requireProofKey(policy.isRequirePkce() || client.isPublicClient())
			.requireAuthorizationConsent(policy.isRequireConsent())
			.setting(REQUIRE_2FA, policy.isRequire2fa())
			.setting(ACTIVE, policy.isActive())
			.setting(ALLOW_PAR, policy.isParAllowed())
			.setting(REQUIRE_PAR, policy.isRequirePar())
			.setting(ALLOW_DPOP, policy.isDpopAllowed())
			.setting(REQUIRE_DPOP, policy.isRequireDpop())
			.build());
		builder.tokenSettings(TokenSettings.builder()
			.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
			.accessTokenTimeToLive(Duration.ofSeconds(client.getAccessTokenTtlSeconds()))
			.refreshTokenTimeToLive(Duration.ofSeconds(client.getRefreshTokenTtlSeconds()))
			.authorizationCodeTimeToLive(Duration.ofMinutes(5))
			.reuseRefreshTokens(false)
			.idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
			.build());
		return builder.build();
	}

}
