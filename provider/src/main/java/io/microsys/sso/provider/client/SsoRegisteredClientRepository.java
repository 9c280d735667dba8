package io.microsys.sso.provider.client;

import java.time.Duration;

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
 * never needs {@link #save}.
 */
@Component
public class SsoRegisteredClientRepository implements RegisteredClientRepository {

	/** Client setting: the app's policy requires a second factor at sign-in. */
	static final String REQUIRE_2FA = "microsys.sso.require-2fa";

	static final String ACTIVE = "microsys.sso.active";

	private final ClientRepository clients;

	public SsoRegisteredClientRepository(ClientRepository clients) {
		this.clients = clients;
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
		try {
			return this.clients.findById(Long.valueOf(id)).map(SsoRegisteredClientRepository::toRegisteredClient)
				.orElse(null);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > 100) {
			return null;
		}
		return this.clients.findByClientId(clientId).map(SsoRegisteredClientRepository::toRegisteredClient)
			.orElse(null);
	}

	/** Whether the app's policy is active (read from the client, no query); fails closed. */
	public static boolean isActive(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(ACTIVE));
	}

	/** Whether the app's policy requires a second factor (read from the client, no query). */
	public static boolean requiresSecondFactor(RegisteredClient client) {
		return !Boolean.FALSE.equals(client.getClientSettings().getSetting(REQUIRE_2FA));
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
			builder.clientSecret(client.getSecretHash())
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
