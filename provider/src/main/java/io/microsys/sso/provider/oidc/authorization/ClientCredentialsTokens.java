package io.microsys.sso.provider.oidc.authorization;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.client.SsoRegisteredClientRepository;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * Access tokens an app obtains for itself (client credentials) are not stored: such a token
 * speaks for no person and has no session, refresh token or consent, so everything about it is in
 * the signed token, and storing one grant per token made the grant table grow with the request
 * rate of every machine-to-machine caller (and cost each request a transaction). When such a token
 * comes back (introspection, revocation), the grant is rebuilt from the token after checking its
 * signature, issuer and expiry, and only while its app still exists, is active and may use client
 * credentials; a revoked one is stored then, marked invalidated, until it expires.
 * <p>
 * A token is taken for a client-credentials token only if it carries the app's client id as its
 * subject and in {@code microsys_sso_client_id}, and no {@code microsys_sso_role}: every token
 * issued for a person carries that person's role, so a person's token whose grant was revoked or
 * purged never comes back through here.
 */
@Component
public class ClientCredentialsTokens {

	private static final String TOKEN_FORMAT_METADATA = OAuth2TokenFormat.class.getName();

	private final JwtDecoder decoder;

	private final RegisteredClientRepository clients;

	private final String issuer;

	public ClientCredentialsTokens(JwtDecoder decoder, RegisteredClientRepository clients, ProviderProperties properties) {
		this.decoder = decoder;
		this.clients = clients;
		this.issuer = properties.getIssuer();
	}

	/** Whether saving this grant can be skipped: a new client-credentials grant that is still valid. */
	static boolean needsNoStorage(OAuth2Authorization authorization) {
		if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			return false;
		}
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		return accessToken != null && !accessToken.isInvalidated() && accessToken.getClaims() != null
				&& OAuth2TokenFormat.SELF_CONTAINED.getValue().equals(accessToken.getMetadata(TOKEN_FORMAT_METADATA))
				&& authorization.getRefreshToken() == null;
	}

	/**
	 * The grant of a client-credentials access token this provider issued and that is still valid,
	 * rebuilt from the token; {@code null} for anything else.
	 */
	OAuth2Authorization find(String tokenValue) {
		if (!looksLikeJwt(tokenValue)) {
			return null;
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(tokenValue);
		}
		catch (JwtException ex) {
			return null;
		}
		Map<String, Object> claims = jwt.getClaims();
		String clientId = jwt.getSubject();
		if (clientId == null || claims.containsKey(SsoClaims.ROLE)
				|| !clientId.equals(claims.get(SsoClaims.CLIENT_ID)) || !this.issuer.equals(jwt.getClaimAsString("iss"))
				|| jwt.getAudience() == null || !jwt.getAudience().contains(clientId) || jwt.getExpiresAt() == null
				|| jwt.getIssuedAt() == null) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || !SsoRegisteredClientRepository.isActive(client)
				|| !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
			return null;
		}
		Set<String> scopes = scopes(claims.get("scope"));
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue,
				jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
		return OAuth2Authorization.withRegisteredClient(client)
			.id(TokenHash.of(tokenValue))
			.principalName(clientId)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(scopes)
			.token(accessToken, (metadata) -> {
				metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
				metadata.put(TOKEN_FORMAT_METADATA, OAuth2TokenFormat.SELF_CONTAINED.getValue());
			})
			.build();
	}

	/** Expired tokens are refused by the decoder too; this only spares it text that is no JWS. */
	private static boolean looksLikeJwt(String value) {
		int first = value.indexOf('.');
		int second = (first < 0) ? -1 : value.indexOf('.', first + 1);
		return first > 0 && second > first + 1 && value.indexOf('.', second + 1) < 0 && second < value.length() - 1;
	}

	private static Set<String> scopes(Object claim) {
		Set<String> scopes = new LinkedHashSet<>();
		if (claim instanceof Collection<?> values) {
			values.forEach((value) -> scopes.add(String.valueOf(value)));
		}
		else if (claim instanceof String text && !text.isBlank()) {
			scopes.addAll(List.of(text.trim().split("\\s+")));
		}
		return scopes;
	}

}
