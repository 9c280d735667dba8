package io.microsys.sso.provider.oidc.exchange;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.util.StringUtils;

import io.microsys.sso.provider.client.AppAccessDenied;
import io.microsys.sso.provider.client.SsoRegisteredClientRepository;
import io.microsys.sso.provider.oidc.claims.AccessDecision;
import io.microsys.sso.provider.oidc.claims.SsoClaims;

/**
 * Token exchange (RFC 8693) for service-to-service calls: an app that lists the grant type
 * {@code urn:ietf:params:oauth:grant-type:token-exchange} and authenticates with its secret trades
 * an access token this provider issued to a person at another app for an access token of its own
 * for the same person (impersonation: no {@code act} claim). The framework's provider issues the
 * token; these checks run first, each refusing with a described OAuth error:
 * <ol>
 * <li>the app is confidential, active and has the grant ({@code unauthorized_client});</li>
 * <li>no {@code actor_token} (delegation is not offered: {@code invalid_request});</li>
 * <li>{@code audience} only names the app itself, no {@code resource} ({@code invalid_target});</li>
 * <li>the subject token is an active access token of this provider's, issued for a person
 * ({@code invalid_grant}: unknown, expired, revoked, a refresh or ID token, an app's own token, a
 * token bound to a DPoP key);</li>
 * <li>the {@link AccessDecision} for that person at the requesting app allows it
 * ({@code invalid_grant}, audited as {@link AppAccessDenied});</li>
 * <li>the scopes are those both the subject token and the app have, or a requested subset of them
 * ({@code invalid_scope}); never {@code offline_access} (no refresh token is issued) nor
 * {@code openid} (no ID token either: the exchange is no sign-in, and the userinfo endpoint
 * answers only for grants with an ID token, so the access token itself carries the claims).</li>
 * </ol>
 * The role claims are then those of the person in the requesting app (the token customizer decides
 * for the app the token is issued to); nothing is copied from the subject token. Each exchange is
 * audited ({@link TokenExchanged}).
 */
public final class TokenExchange implements AuthenticationProvider {

	/** The grant type an app lists to use token exchange. */
	public static final AuthorizationGrantType GRANT_TYPE = AuthorizationGrantType.TOKEN_EXCHANGE;

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8693#section-2.2.2";

	private static final String INVALID_TARGET = "invalid_target";

	/** Scopes an exchanged token never has: it comes with no refresh token and no ID token. */
	private static final Set<String> NEVER = Set.of("offline_access", "openid");

	private final AuthenticationProvider issuer;

	private final OAuth2AuthorizationService authorizations;

	private final AccessDecision decision;

	private final ApplicationEventPublisher events;

	/**
	 * @param issuer the framework's {@link OAuth2TokenExchangeAuthenticationProvider}, which issues
	 * the token once these checks pass
	 */
	public TokenExchange(AuthenticationProvider issuer, OAuth2AuthorizationService authorizations,
			AccessDecision decision, ApplicationEventPublisher events) {
		this.issuer = issuer;
		this.authorizations = authorizations;
		this.decision = decision;
		this.events = events;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenExchangeAuthenticationToken request = (OAuth2TokenExchangeAuthenticationToken) authentication;
		RegisteredClient app = requestingApp(request);
		if (StringUtils.hasText(request.getActorToken())) {
			throw refused(OAuth2ErrorCodes.INVALID_REQUEST,
					"Delegation (actor_token) is not supported: the token is issued for the subject alone.");
		}
		for (String audience : request.getAudiences()) {
			if (!app.getClientId().equals(audience)) {
				throw refused(INVALID_TARGET, "The token can only be issued for the requesting application.");
			}
		}
		if (!request.getResources().isEmpty()) {
			throw refused(INVALID_TARGET,
					"resource is not supported: the token is issued for the requesting application.");
		}
		OAuth2Authorization subject = subject(request.getSubjectToken());
		OAuth2Authorization.Token<OAuth2AccessToken> subjectToken = subject.getToken(OAuth2AccessToken.class);
		AccessDecision.Outcome person = allowed(subject.getPrincipalName(), app.getClientId());
		Set<String> scopes = scopes(request.getScopes(), subjectToken.getToken().getScopes(), app.getScopes());
		Authentication issued = this.issuer.authenticate(new OAuth2TokenExchangeAuthenticationToken(
				request.getRequestedTokenType(), request.getSubjectToken(), request.getSubjectTokenType(),
				(Authentication) request.getPrincipal(), null, null, request.getResources(), request.getAudiences(),
				scopes, request.getAdditionalParameters()));
		Object subjectApp = (subjectToken.getClaims() != null) ? subjectToken.getClaims().get(SsoClaims.CLIENT_ID)
				: null;
		this.events.publishEvent(new TokenExchanged(person.user().uuid(), person.user().username(), app.getClientId(),
				(subjectApp instanceof String clientId) ? clientId : null));
		return issued;
	}

	private static RegisteredClient requestingApp(OAuth2TokenExchangeAuthenticationToken request) {
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| !client.isAuthenticated() || client.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient app = client.getRegisteredClient();
		if (!app.getAuthorizationGrantTypes().contains(GRANT_TYPE)) {
			throw refused(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "This application may not use token exchange.");
		}
		if (ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())) {
			throw refused(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"Token exchange needs an application that authenticates with its secret.");
		}
		if (!SsoRegisteredClientRepository.isActive(app)) {
			throw refused(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The application is deactivated.");
		}
		return app;
	}

	/**
	 * The grant of an active access token this provider issued for a person. Looked up as an access
	 * token only: the token index knows each token's type, so a refresh or ID token is not found.
	 */
	private OAuth2Authorization subject(String tokenValue) {
		OAuth2Authorization subject = this.authorizations.findByToken(tokenValue, OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> token = (subject != null)
				? subject.getToken(OAuth2AccessToken.class) : null;
		if (token == null || !tokenValue.equals(token.getToken().getTokenValue()) || !token.isActive()) {
			throw refused(OAuth2ErrorCodes.INVALID_GRANT,
					"The subject token is not an active access token of this provider.");
		}
		if (token.getClaims() != null && token.getClaims().get("cnf") != null) {
			// Sender-constrained (DPoP): only the holder of its key may use it, and an exchange
			// carries no proof of that key.
			throw refused(OAuth2ErrorCodes.INVALID_GRANT,
					"The subject token is bound to a key (DPoP) and cannot be exchanged.");
		}
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(subject.getAuthorizationGrantType())
				|| !(subject.getAttribute(Principal.class.getName()) instanceof Authentication person)
				|| person instanceof OAuth2ClientAuthenticationToken) {
			// An app's own token speaks for no person: there is no one to decide access for.
			throw refused(OAuth2ErrorCodes.INVALID_GRANT, "The subject token was not issued for a person.");
		}
		return subject;
	}

	/** The access decision for the person at the requesting app; a refusal is audited. */
	private AccessDecision.Outcome allowed(String personUuid, String clientId) {
		AccessDecision.Outcome outcome = this.decision.decide(clientId, personUuid);
		if (outcome.allowed()) {
			return outcome;
		}
		this.events.publishEvent(new AppAccessDenied(personUuid,
				(outcome.user() != null) ? outcome.user().username() : null, clientId, outcome.reason().code()));
		throw refused(OAuth2ErrorCodes.INVALID_GRANT, "The user may not use this application.");
	}

	/** What both the subject token and the app have (see {@link #NEVER}), or the requested part of it. */
	private static Set<String> scopes(Set<String> requested, Set<String> subjectScopes, Set<String> appScopes) {
		Set<String> allowed = new LinkedHashSet<>(subjectScopes);
		allowed.retainAll(appScopes);
		allowed.removeAll(NEVER);
		if (requested != null && !requested.isEmpty()) {
			for (String scope : requested) {
				if (!allowed.contains(scope)) {
					throw refused(OAuth2ErrorCodes.INVALID_SCOPE,
							"The scope must be among those both the subject token and this application have "
									+ "(never openid or offline_access).");
				}
			}
			return new LinkedHashSet<>(requested);
		}
		if (allowed.isEmpty()) {
			throw refused(OAuth2ErrorCodes.INVALID_SCOPE,
					"The subject token and this application have no scope in common "
							+ "(openid and offline_access are never exchanged).");
		}
		return allowed;
	}

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenExchangeAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
