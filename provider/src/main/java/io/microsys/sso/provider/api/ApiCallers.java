package io.microsys.sso.provider.api;

import java.util.Collection;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.ServiceAccounts;
import io.microsys.sso.provider.client.SsoRegisteredClientRepository;
import io.microsys.sso.provider.oidc.claims.SsoClaims;

/**
 * Turns an admin API bearer token (signature, issuer, expiry and audience already checked by
 * {@link ApiTokens}) into the {@link ApiCaller} it acts as, reading everything that decides from
 * the database now, never from the token:
 * <ul>
 * <li>the grant must still be there and not revoked (a token revoked at {@code /o/revoke}, or whose
 * sign-in ended, stops working at once);</li>
 * <li>the app it was issued to must still be active;</li>
 * <li>a token an app obtained for itself (client credentials: its subject is the app, it carries
 * no role) acts as that service account, with the permissions granted on the app's page;</li>
 * <li>a person's token acts as that person with their tier and permissions as stored now; an
 * account that is gone or not active is refused.</li>
 * </ul>
 * A refusal here is a 401 ({@code invalid_token}); what the caller may then do is the access
 * policy's question, answered per call like in the console.
 * <p>
 * Not a bean: as a {@link Converter} bean, MVC would register it for every handler's binding (and
 * test slices would pick it up); the API's security chain makes its own.
 */
class ApiCallers implements Converter<Jwt, AbstractAuthenticationToken> {

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final ServiceAccounts serviceAccounts;

	private final UserRepository users;

	private final Actors actors;

	ApiCallers(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			ServiceAccounts serviceAccounts, UserRepository users, Actors actors) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.serviceAccounts = serviceAccounts;
		this.users = users;
		this.actors = actors;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		String clientId = jwt.getClaimAsString(SsoClaims.CLIENT_ID);
		String subject = jwt.getSubject();
		if (clientId == null || subject == null || !scopes(jwt).contains(SsoClaims.ADMIN_API_SCOPE)) {
			throw invalid("The token is not one for the admin API.");
		}
		OAuth2Authorization grant = this.authorizations.findByToken(jwt.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (grant != null) ? grant.getAccessToken() : null;
		if (accessToken == null || !accessToken.isActive()) {
			throw invalid("The token was revoked or has ended.");
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || !SsoRegisteredClientRepository.isActive(client)) {
			throw invalid("The app the token was issued to is not active.");
		}
		if (!client.getScopes().contains(SsoClaims.ADMIN_API_SCOPE)) {
			// Taken off the app since: its tokens (and those its refresh tokens still mint) stop.
			throw invalid("The app the token was issued to may no longer call the admin API.");
		}
		boolean serviceAccount = subject.equals(clientId) && !jwt.hasClaim(SsoClaims.ROLE);
		Actor actor;
		if (serviceAccount) {
			ServiceAccounts.Grants grants = this.serviceAccounts.find(clientId)
				.orElseThrow(() -> invalid("The app the token was issued to is not active."));
			actor = Actor.serviceAccount(clientId, grants.scopeId(), grants.permissions());
		}
		else {
			actor = this.users.findByUuid(subject)
				.filter((user) -> user.getStatus() == UserStatus.ACTIVE)
				.map(this.actors::of)
				.orElseThrow(() -> invalid("The account the token speaks for is not active."));
		}
		return new ApiCaller(jwt, actor);
	}

	private static Collection<String> scopes(Jwt jwt) {
		Object scope = jwt.getClaims().get("scope");
		if (scope instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).toList();
		}
		if (scope instanceof String text) {
			return List.of(text.trim().split("\\s+"));
		}
		return List.of();
	}

	private static InvalidBearerTokenException invalid(String description) {
		return new InvalidBearerTokenException(description);
	}

}
