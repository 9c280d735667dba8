package io.microsys.sso.provider.api;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

import io.microsys.sso.provider.access.Actor;

/**
 * An accepted admin API call: the bearer token and the {@link Actor} it acts as (a person as their
 * account is stored now, or a service account with its grants), read when the token was accepted.
 * The actor is the principal, so {@code Actors.current()} and the console's services see the
 * caller exactly as they see a signed-in administrator.
 */
public final class ApiCaller extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final transient Jwt token;

	private final Actor actor;

	ApiCaller(Jwt token, Actor actor) {
		super(List.of());
		this.token = token;
		this.actor = actor;
		setAuthenticated(true);
	}

	@Override
	public Actor getPrincipal() {
		return this.actor;
	}

	@Override
	public Jwt getCredentials() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.actor.isServiceAccount() ? this.actor.username() : this.actor.uuid();
	}

	/** The app the token was issued to. */
	public String clientId() {
		return this.token.getClaimAsString(io.microsys.sso.provider.oidc.claims.SsoClaims.CLIENT_ID);
	}

	/** The key of the caller's rate limit: the service account, or the person. */
	String rateLimitKey() {
		return this.actor.isServiceAccount() ? "app:" + this.actor.serviceAccount() : "person:" + this.actor.uuid();
	}

}
