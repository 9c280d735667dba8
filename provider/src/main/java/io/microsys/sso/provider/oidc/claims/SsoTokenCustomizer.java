package io.microsys.sso.provider.oidc.claims;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.client.SsoRegisteredClientRepository;
import io.microsys.sso.provider.metrics.SsoMetrics;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.oidc.authorization.DatabaseAuthorizationService;

/**
 * Adds the per-client role and profile claims to ID tokens and access tokens, and counts the access
 * tokens issued (every access token is a JWT, so each passes here).
 */
@Component
class SsoTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final SsoClaims claims;

	private final SsoMetrics metrics;

	private final String adminApiAudience;

	SsoTokenCustomizer(SsoClaims claims, SsoMetrics metrics, ProviderProperties properties) {
		this.claims = claims;
		this.metrics = metrics;
		this.adminApiAudience = SsoClaims.adminApiAudience(properties.getIssuer());
	}

	@Override
	public void customize(JwtEncodingContext context) {
		OAuth2TokenType type = context.getTokenType();
		boolean idToken = OidcParameterNames.ID_TOKEN.equals(type.getValue());
		if (!idToken && !OAuth2TokenType.ACCESS_TOKEN.equals(type)) {
			return;
		}
		String clientId = context.getRegisteredClient().getClientId();
		Map<String, Object> values;
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			// The client was read for this request: a deactivated app gets no token, at once.
			if (!SsoRegisteredClientRepository.isActive(context.getRegisteredClient())) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
						"The application is deactivated.", null));
			}
			values = this.claims.forClient(clientId);
		}
		else {
			values = this.claims.forUser(context.getPrincipal().getName(), clientId, context.getAuthorizedScopes());
		}
		context.getClaims().claims((existing) -> values.forEach(existing::putIfAbsent));
		if (AuthorizationGrantType.TOKEN_EXCHANGE.equals(context.getAuthorizationGrantType())) {
			notAfterSubjectToken(context);
		}
		if (!idToken && context.getAuthorizedScopes().contains(SsoClaims.ADMIN_API_SCOPE)
				&& context.getRegisteredClient().getScopes().contains(SsoClaims.ADMIN_API_SCOPE)) {
			addAudience(context, this.adminApiAudience);
		}
		if (!idToken) {
			this.metrics.tokenIssued(context.getAuthorizationGrantType().getValue(), clientId);
		}
		if (idToken) {
			List<String> methods = SignIn.methods(context.getPrincipal());
			if (!methods.isEmpty()) {
				context.getClaims().claim("amr", methods);
			}
			if (SignIn.isSignedIn(context.getPrincipal())) {
				context.getClaims().claim(IdTokenClaimNames.ACR, SignIn.acr(context.getPrincipal()));
			}
			if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
					|| AuthorizationGrantType.DEVICE_CODE.equals(context.getAuthorizationGrantType())) {
				signedInSession(context);
			}
		}
	}

	/** Adds an audience to the token's (the app's own stays first). */
	private static void addAudience(JwtEncodingContext context, String audience) {
		context.getClaims().claims((claims) -> {
			List<String> audiences = new ArrayList<>();
			Object existing = claims.get(JwtClaimNames.AUD);
			if (existing instanceof Collection<?> values) {
				values.forEach((value) -> audiences.add(String.valueOf(value)));
			}
			else if (existing != null) {
				audiences.add(String.valueOf(existing));
			}
			if (!audiences.contains(audience)) {
				audiences.add(audience);
			}
			claims.put(JwtClaimNames.AUD, audiences);
		});
	}

	/**
	 * A token obtained by token exchange never outlives the token it was exchanged for (the app's
	 * own lifetime may be longer).
	 */
	private static void notAfterSubjectToken(JwtEncodingContext context) {
		if (!(context.getAuthorizationGrant() instanceof OAuth2TokenExchangeAuthenticationToken grant)
				|| context.getAuthorization() == null) {
			return;
		}
		OAuth2Authorization.Token<OAuth2Token> subject = context.getAuthorization().getToken(grant.getSubjectToken());
		Instant subjectExpires = (subject != null) ? subject.getToken().getExpiresAt() : null;
		if (subjectExpires == null) {
			return;
		}
		context.getClaims().claims((claims) -> {
			if (claims.get(JwtClaimNames.EXP) instanceof Instant expires && subjectExpires.isBefore(expires)) {
				claims.put(JwtClaimNames.EXP, subjectExpires);
			}
		});
	}

	/**
	 * {@code sid} names the session the code was issued in (recorded with the grant; refreshed ID
	 * tokens copy it), not some recent session of the same person, and {@code auth_time} is when
	 * that session's person last proved who they are.
	 */
	private static void signedInSession(JwtEncodingContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		String sid = (authorization != null)
				? authorization.getAttribute(DatabaseAuthorizationService.SESSION_ATTRIBUTE) : null;
		if (sid != null) {
			context.getClaims().claim("sid", sid);
		}
		Instant authenticatedAt = SignIn.authenticatedAt(context.getPrincipal());
		if (authenticatedAt != null) {
			context.getClaims().claim(IdTokenClaimNames.AUTH_TIME, Date.from(authenticatedAt));
		}
	}

}
