package io.microsys.sso.provider.oidc.device;

import java.security.Principal;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.client.AppAccessDenied;
import io.microsys.sso.provider.client.SsoRegisteredClientRepository;
import io.microsys.sso.provider.oidc.authorization.GrantChangedMeanwhileException;
import io.microsys.sso.provider.oidc.claims.AccessDecision;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * What the user-code page does: finds the device request a person's code names (each entry
 * counted by the {@link LoginThrottle}, per person and per address, so codes cannot be guessed),
 * and records the person's decision in the grant. An approval passes the {@link AccessDecision};
 * a person the app does not admit denies the device by approving.
 */
@Service
public class DeviceApprovals {

	private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

	/** Why a typed code names no request that can be decided. */
	public enum Problem {

		/** No such code (or not a code at all). */
		WRONG,
		/** The request expired. */
		EXPIRED,
		/** The request was already approved or denied. */
		DECIDED,
		/** Too many wrong codes from this person or address. */
		THROTTLED

	}

	/** A request waiting for the person's decision. */
	public record Pending(OAuth2Authorization authorization, RegisteredClient client, String userCode,
			Set<String> scopes) {

		public String appName() {
			return this.client.getClientName();
		}

	}

	/** The outcome of looking a code up: the request, or why there is none. */
	public record Lookup(Pending pending, Problem problem) {

	}

	/** The outcome of a decision. */
	public enum Decision {

		APPROVED, DENIED, NOT_ALLOWED, DECIDED_MEANWHILE

	}

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final AccessDecision decision;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	DeviceApprovals(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			AccessDecision decision, LoginThrottle throttle, ApplicationEventPublisher events, Clock clock) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.decision = decision;
		this.throttle = throttle;
		this.events = events;
		this.clock = clock;
	}

	/** The request the code names, for this person at this address; every entry counts. */
	public Lookup find(String typed, Authentication person, String ip) {
		LoginThrottle.Attempt attempt = this.throttle.userCode(person.getName(), ip);
		if (attempt.refused().isPresent()) {
			return new Lookup(null, Problem.THROTTLED);
		}
		Optional<String> code = UserCodes.normalize(typed);
		OAuth2Authorization authorization = code.map((value) -> this.authorizations.findByToken(value, USER_CODE))
			.orElse(null);
		OAuth2Authorization.Token<OAuth2UserCode> userCode = (authorization != null)
				? authorization.getToken(OAuth2UserCode.class) : null;
		RegisteredClient client = (userCode != null)
				? this.clients.findById(authorization.getRegisteredClientId()) : null;
		if (client == null) {
			this.throttle.failed(attempt);
			return new Lookup(null, Problem.WRONG);
		}
		this.throttle.succeeded(attempt);
		if (userCode.isInvalidated() || Boolean.TRUE.equals(authorization.getAttribute(DeviceCodeTokens.DENIED))) {
			return new Lookup(null, Problem.DECIDED);
		}
		if (!this.clock.instant().isBefore(userCode.getToken().getExpiresAt())) {
			return new Lookup(null, Problem.EXPIRED);
		}
		Set<String> scopes = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
		return new Lookup(new Pending(authorization, client, code.get(), (scopes != null) ? scopes : Set.of()), null);
	}

	/** Whether the person must first set up a second factor: the app requires one. */
	public static boolean needsSecondFactor(Pending pending) {
		return SsoRegisteredClientRepository.requiresSecondFactor(pending.client());
	}

	/**
	 * Approves the request for this person when the app admits them; otherwise the request is
	 * denied (the device is told {@code access_denied}).
	 */
	public Decision approve(Pending pending, Authentication person) {
		AccessDecision.Outcome outcome = this.decision.decideForClientPk(Long.parseLong(pending.client().getId()),
				person.getName());
		if (!outcome.allowed()) {
			this.events.publishEvent(new AppAccessDenied(person.getName(),
					(outcome.user() != null) ? outcome.user().username() : null, pending.client().getClientId(),
					outcome.reason().code()));
			return deny(pending, person) == Decision.DENIED ? Decision.NOT_ALLOWED : Decision.DECIDED_MEANWHILE;
		}
		boolean saved = change(pending, (authorization) -> OAuth2Authorization.from(authorization)
			.principalName(person.getName())
			.authorizedScopes(pending.scopes())
			.attribute(Principal.class.getName(), person)
			.invalidate(authorization.getToken(OAuth2UserCode.class).getToken())
			.build());
		if (!saved) {
			return Decision.DECIDED_MEANWHILE;
		}
		this.events.publishEvent(new DeviceAuthorizationDecided(true, person.getName(), username(person),
				pending.client().getClientId(), pending.scopes()));
		return Decision.APPROVED;
	}

	/** Denies the request: the device is told {@code access_denied} and its code is spent. */
	public Decision deny(Pending pending, Authentication person) {
		boolean saved = change(pending, (authorization) -> OAuth2Authorization.from(authorization)
			.attribute(DeviceCodeTokens.DENIED, Boolean.TRUE)
			.invalidate(authorization.getToken(OAuth2UserCode.class).getToken())
			.invalidate(authorization.getToken(OAuth2DeviceCode.class).getToken())
			.build());
		if (!saved) {
			return Decision.DECIDED_MEANWHILE;
		}
		this.events.publishEvent(new DeviceAuthorizationDecided(false, person.getName(), username(person),
				pending.client().getClientId(), pending.scopes()));
		return Decision.DENIED;
	}

	/**
	 * Saves the decision into the grant while it is still undecided. The device's polls change
	 * the grant too (they note their pace), so a save that lost to one reads the grant again.
	 */
	private boolean change(Pending pending, UnaryOperator<OAuth2Authorization> decide) {
		OAuth2Authorization authorization = pending.authorization();
		for (int tries = 0; tries < 5; tries++) {
			OAuth2Authorization.Token<OAuth2UserCode> userCode = (authorization != null)
					? authorization.getToken(OAuth2UserCode.class) : null;
			if (userCode == null || userCode.isInvalidated()
					|| Boolean.TRUE.equals(authorization.getAttribute(DeviceCodeTokens.DENIED))) {
				return false;
			}
			try {
				this.authorizations.save(decide.apply(authorization));
				return true;
			}
			catch (GrantChangedMeanwhileException ex) {
				authorization = this.authorizations.findByToken(pending.userCode(), USER_CODE);
			}
		}
		return false;
	}

	private static String username(Authentication person) {
		return (person.getPrincipal() instanceof SsoUserDetails details) ? details.getLoginName() : null;
	}

}
