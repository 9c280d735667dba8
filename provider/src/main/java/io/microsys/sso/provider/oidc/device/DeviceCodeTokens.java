package io.microsys.sso.provider.oidc.device;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import io.microsys.sso.provider.client.AppAccessDenied;
import io.microsys.sso.provider.oidc.authorization.GrantChangedMeanwhileException;
import io.microsys.sso.provider.oidc.claims.AccessDecision;

/**
 * The device code token request (RFC 8628 §3.4-3.5), in place of the framework's: it answers
 * {@code slow_down}, which the framework does not, decides access again when the tokens are issued,
 * and adds an ID token when {@code openid} was granted.
 * <p>
 * Polling is paced by the grant itself: each poll while the person has not decided stores when it
 * came and the interval in force, by the grant's compare-and-set save, so every node sees the same
 * pace and of two polls at the same moment only one is counted; the other is told to slow down. A
 * poll sooner than the interval is answered {@code slow_down} and the interval grows by five
 * seconds. The device code is redeemed by the same compare-and-set: of many polls after approval,
 * exactly one gets the tokens.
 */
public final class DeviceCodeTokens implements AuthenticationProvider {

	/** The polling interval the device authorization response announces. */
	static final Duration INTERVAL = Duration.ofSeconds(5);

	/** What {@code slow_down} adds to the interval (RFC 8628 §3.5). */
	private static final int SLOW_DOWN_SECONDS = 5;

	private static final int MAX_INTERVAL_SECONDS = 60;

	/** A poll this much early still counts as on time: networks do not deliver on the second. */
	private static final Duration EARLY_GRACE = Duration.ofMillis(1000);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5";

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	static final String POLLED_AT = "io.microsys.sso.device.polled_at";

	static final String INTERVAL_SECONDS = "io.microsys.sso.device.interval";

	/** Set on a grant the person denied. */
	static final String DENIED = "io.microsys.sso.device.denied";

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final AccessDecision decision;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	public DeviceCodeTokens(OAuth2AuthorizationService authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, AccessDecision decision,
			ApplicationEventPublisher events, Clock clock) {
		this.authorizations = authorizations;
		this.tokenGenerator = tokenGenerator;
		this.decision = decision;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceCodeAuthenticationToken request = (OAuth2DeviceCodeAuthenticationToken) authentication;
		RegisteredClient registered = DeviceAuthorizationRequests.deviceApp(request.getPrincipal(), ERROR_URI);
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) request.getPrincipal();
		OAuth2Authorization authorization = this.authorizations.findByToken(request.getDeviceCode(), DEVICE_CODE);
		if (authorization == null || !registered.getId().equals(authorization.getRegisteredClientId())) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "The device code is not valid.");
		}
		OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = authorization.getToken(OAuth2DeviceCode.class);
		OAuth2Authorization.Token<OAuth2UserCode> userCode = authorization.getToken(OAuth2UserCode.class);
		if (deviceCode == null || userCode == null) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "The device code is not valid.");
		}
		Instant now = this.clock.instant();
		if (Boolean.TRUE.equals(authorization.getAttribute(DENIED))) {
			throw error(OAuth2ErrorCodes.ACCESS_DENIED, "The person denied the request.");
		}
		if (deviceCode.isInvalidated()) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "The device code was already used.");
		}
		if (!now.isBefore(deviceCode.getToken().getExpiresAt())) {
			throw error("expired_token", "The device code has expired.");
		}
		if (!userCode.isInvalidated()) {
			throw pace(authorization, now);
		}
		return issue(request, client, registered, authorization, deviceCode.getToken());
	}

	/**
	 * The answer to a poll while the person has not decided, after noting the poll in the grant:
	 * {@code authorization_pending}, or {@code slow_down} when it came before the interval was over.
	 */
	private OAuth2AuthenticationException pace(OAuth2Authorization authorization, Instant now) {
		Instant polledAt = authorization.getAttribute(POLLED_AT);
		Integer stored = authorization.getAttribute(INTERVAL_SECONDS);
		int interval = (stored != null) ? stored : (int) INTERVAL.toSeconds();
		boolean early = polledAt != null && now.isBefore(polledAt.plusSeconds(interval).minus(EARLY_GRACE));
		int next = early ? Math.min(interval + SLOW_DOWN_SECONDS, MAX_INTERVAL_SECONDS) : interval;
		try {
			this.authorizations.save(OAuth2Authorization.from(authorization)
				.attribute(POLLED_AT, now)
				.attribute(INTERVAL_SECONDS, next)
				.build());
		}
		catch (GrantChangedMeanwhileException ex) {
			// Another poll (or the person's decision) changed the grant at the same moment.
			early = true;
		}
		return early ? error("slow_down", "Polling too fast; wait longer between requests.")
				: error("authorization_pending", "The person has not decided yet.");
	}

	private Authentication issue(OAuth2DeviceCodeAuthenticationToken request, OAuth2ClientAuthenticationToken client,
			RegisteredClient registered, OAuth2Authorization authorization, OAuth2DeviceCode deviceCode) {
		Authentication person = authorization.getAttribute(Principal.class.getName());
		if (person == null) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "The device code is not valid.");
		}
		AccessDecision.Outcome outcome = this.decision.decideForClientPk(Long.parseLong(registered.getId()),
				authorization.getPrincipalName());
		if (!outcome.allowed()) {
			this.events.publishEvent(new AppAccessDenied(authorization.getPrincipalName(),
					(outcome.user() != null) ? outcome.user().username() : null, registered.getClientId(),
					outcome.reason().code()));
			throw error(OAuth2ErrorCodes.ACCESS_DENIED, "The user is not allowed to use this application.");
		}
		DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
			.registeredClient(registered)
			.principal(person)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorization(authorization)
			.authorizedScopes(authorization.getAuthorizedScopes())
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.authorizationGrant(request);
		OAuth2Authorization.Builder redeemed = OAuth2Authorization.from(authorization).invalidate(deviceCode);

		OAuth2TokenContext accessContext = context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build();
		OAuth2Token generated = this.tokenGenerator.generate(accessContext);
		if (generated == null) {
			throw error(OAuth2ErrorCodes.SERVER_ERROR, "The access token could not be generated.");
		}
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				generated.getTokenValue(), generated.getIssuedAt(), generated.getExpiresAt(),
				accessContext.getAuthorizedScopes());
		redeemed.token(accessToken, (metadata) -> putClaims(metadata, generated));

		OAuth2RefreshToken refreshToken = null;
		// A public client cannot authenticate a refresh request here, so it gets no refresh token.
		if (registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)
				&& !ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())) {
			OAuth2Token refresh = this.tokenGenerator.generate(context.tokenType(OAuth2TokenType.REFRESH_TOKEN).build());
			if (!(refresh instanceof OAuth2RefreshToken token)) {
				throw error(OAuth2ErrorCodes.SERVER_ERROR, "The refresh token could not be generated.");
			}
			refreshToken = token;
			redeemed.refreshToken(refreshToken);
		}

		Map<String, Object> additional = Map.of();
		if (authorization.getAuthorizedScopes().contains(OidcScopes.OPENID)) {
			OAuth2Token id = this.tokenGenerator
				.generate(context.tokenType(ID_TOKEN).authorization(redeemed.build()).build());
			if (!(id instanceof ClaimAccessor claims)) {
				throw error(OAuth2ErrorCodes.SERVER_ERROR, "The ID token could not be generated.");
			}
			OidcIdToken idToken = new OidcIdToken(id.getTokenValue(), id.getIssuedAt(), id.getExpiresAt(),
					claims.getClaims());
			redeemed.token(idToken, (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
					idToken.getClaims()));
			additional = Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
		}
		// Compare-and-set: of the polls that got here at once, only one stores, the others get invalid_grant.
		this.authorizations.save(redeemed.build());
		return new OAuth2AccessTokenAuthenticationToken(registered, client, accessToken, refreshToken, additional);
	}

	private static void putClaims(Map<String, Object> metadata, OAuth2Token token) {
		if (token instanceof ClaimAccessor claims) {
			metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims.getClaims());
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2DeviceCodeAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
	}

}
