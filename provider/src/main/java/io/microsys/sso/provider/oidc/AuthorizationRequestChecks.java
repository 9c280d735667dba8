package io.microsys.sso.provider.oidc;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.client.AppAccessDenied;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.RedirectUriRules;
import io.microsys.sso.provider.client.SsoRegisteredClientRepository;
import io.microsys.sso.provider.oidc.claims.AccessDecision;

/**
 * Validates an authorization request: scope, redirect URI (exact match, then the client's policy),
 * and, once the person is signed in, the {@link AccessDecision}. A bad redirect URI is answered
 * with an error page and never redirected to; a denial is redirected to the registered URI as
 * {@code error=access_denied} with the request's state, and audited.
 * <p>
 * A pushed authorization request (RFC 9126) gets the same checks when it is pushed, except the
 * decision, which needs the person and is made when its {@code request_uri} comes back.
 */
@Component
public class AuthorizationRequestChecks implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

	private static final String PAR_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc9126";

	private final ClientRepository clients;

	private final AccessDecision decision;

	private final ApplicationEventPublisher events;

	private final IdTokenHints hints;

	private final Clock clock;

	public AuthorizationRequestChecks(ClientRepository clients, AccessDecision decision, ApplicationEventPublisher events,
			IdTokenHints hints, Clock clock) {
		this.clients = clients;
		this.decision = decision;
		this.events = events;
		this.hints = hints;
		this.clock = clock;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		boolean pushing = context.getAuthentication().getPrincipal() instanceof OAuth2ClientAuthenticationToken;
		if (pushing && !SsoRegisteredClientRepository.allowsPar(context.getRegisteredClient())) {
			// Refused before anything is checked or stored: the app is not set up for RFC 9126.
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"This application may not push authorization requests (allow_par is off).", PAR_ERROR_URI);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, null);
		}
		checkRedirectUri(context);
		if (!pushing) {
			checkPushedRequestPolicy(context);
		}
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR.accept(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		if (parameters.containsKey("request")) {
			// Core 6.1: a provider that does not take request objects says so rather than ignore one.
			refuse(context, new OAuth2Error("request_not_supported", "Request objects are not supported.", ERROR_URI));
		}
		AuthenticationRequest asked = AuthenticationRequest
			.of((name) -> (parameters.get(name) instanceof String value) ? value : null);
		if (!asked.valid()) {
			refuse(context, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, asked.problem(), ERROR_URI));
		}
		String hinted = null;
		if (asked.idTokenHint() != null) {
			hinted = this.hints.subject(asked.idTokenHint())
				.orElseThrow(() -> refusal(context, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"id_token_hint is not an ID token of this provider.", ERROR_URI)));
		}
		if (!pushing) {
			// A pushed request is checked again, with the person, when its request_uri comes back.
			checkAccess(context, asked, hinted);
		}
	}

	/**
	 * An app with {@code require_par} must come with a {@code request_uri} (RFC 9126 §5); one
	 * without {@code allow_par} (any more) may not. Refused at the app's redirect URI, already
	 * checked.
	 */
	private static void checkPushedRequestPolicy(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		RegisteredClient registered = context.getRegisteredClient();
		boolean pushed = hasRequestUri();
		String description = null;
		if (!pushed && SsoRegisteredClientRepository.requiresPar(registered)) {
			description = "This application must push its authorization requests (RFC 9126) and send the request_uri.";
		}
		else if (pushed && !SsoRegisteredClientRepository.allowsPar(registered)) {
			description = "This application may not use pushed authorization requests.";
		}
		if (description != null) {
			refuse(context, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, PAR_ERROR_URI));
		}
	}

	/** Whether the authorization request being served names a pushed request. */
	private static boolean hasRequestUri() {
		// The framework has already replaced the request by the pushed one it names; only the HTTP
		// request still shows whether it came by request_uri.
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getParameter(OAuth2ParameterNames.REQUEST_URI) != null;
	}

	/**
	 * Whether the consent page is shown: when the app's policy asks for consent and the person has
	 * not yet consented to every requested scope (the framework's rule), and whenever the request
	 * says {@code prompt=consent}, remembered consent or not.
	 */
	public static boolean consentRequired(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
		Object prompt = request.getAdditionalParameters().get("prompt");
		if (prompt instanceof String value && AuthenticationRequest.of((name) -> "prompt".equals(name) ? value : null)
			.promptConsent()) {
			return true;
		}
		if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
			return false;
		}
		if (request.getScopes().contains("openid") && request.getScopes().size() == 1) {
			return false;
		}
		OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
		return consent == null || !consent.getScopes().containsAll(request.getScopes());
	}

	private void checkRedirectUri(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		if (redirectUriOf(context.getRegisteredClient(), request.getRedirectUri(), request.getScopes()).isEmpty()) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, ERROR_URI);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, withRedirectUri(request, null));
		}
	}

	/**
	 * Where this app's answer to a request may be sent: the requested redirect URI when it is
	 * registered (exact match) and allowed by the app's policy, or the app's only one when none was
	 * requested (not for OpenID requests); empty when the answer must not be sent anywhere.
	 */
	Optional<String> redirectUriOf(RegisteredClient registered, String requested, Set<String> scopes) {
		if (requested == null || requested.isEmpty()) {
			return (registered.getRedirectUris().size() == 1 && !scopes.contains("openid"))
					? Optional.of(registered.getRedirectUris().iterator().next()) : Optional.empty();
		}
		boolean ok = registered.getRedirectUris().contains(requested) && this.clients
			.findByClientId(registered.getClientId())
			.map((client) -> RedirectUriRules.problem(requested, client.getPolicy()).isEmpty())
			.orElse(false);
		return ok ? Optional.of(requested) : Optional.empty();
	}

	private void checkAccess(OAuth2AuthorizationCodeRequestAuthenticationContext context, AuthenticationRequest asked,
			String hinted) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Authentication principal = (Authentication) request.getPrincipal();
		if (principal == null || !principal.isAuthenticated() || principal instanceof AnonymousAuthenticationToken) {
			if (asked.promptNone()) {
				// Checked here: the framework's own check runs only after the login redirect.
				OAuth2Error error = new OAuth2Error("login_required", "The user is not signed in.", ERROR_URI);
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(error,
						withRedirectUri(request, redirectUri(context)));
			}
			return;
		}
		if (asked.promptNone() && ((hinted != null && !hinted.equals(principal.getName()))
				|| asked.tooOld(SignIn.authenticatedAt(principal), this.clock.instant()))) {
			// Someone else, or a sign-in older than max_age: only a new sign-in could answer, and
			// prompt=none forbids showing one (Core 3.1.2.6).
			refuse(context, new OAuth2Error("login_required", "The user must sign in again.", ERROR_URI));
		}
		String clientId = context.getRegisteredClient().getClientId();
		boolean secondFactorNeeded = asked.asksSecondFactor()
				|| SsoRegisteredClientRepository.requiresSecondFactor(context.getRegisteredClient());
		if (!SignIn.isComplete(principal) || (!SignIn.hasSecondFactor(principal) && secondFactorNeeded)) {
			// The sign-in gate sends people to the challenge first; this holds for prompt=none, or if
			// the gate was bypassed.
			if (asked.promptNone()) {
				OAuth2Error error = new OAuth2Error("interaction_required", "The user must finish signing in.",
						ERROR_URI);
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(error,
						withRedirectUri(request, redirectUri(context)));
			}
			this.events.publishEvent(new AppAccessDenied(principal.getName(), null, clientId, "second_factor_missing"));
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, "A second factor is required.",
					ERROR_URI);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error,
					withRedirectUri(request, redirectUri(context)));
		}
		AccessDecision.Outcome outcome = this.decision.decide(clientId, principal.getName());
		if (outcome.allowed()) {
			return;
		}
		this.events.publishEvent(new AppAccessDenied(principal.getName(),
				(outcome.user() != null) ? outcome.user().username() : null, clientId, outcome.reason().code()));
		OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
				"The user is not allowed to use this application.", ERROR_URI);
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(error,
				withRedirectUri(request, redirectUri(context)));
	}

	private static void refuse(OAuth2AuthorizationCodeRequestAuthenticationContext context, OAuth2Error error) {
		throw refusal(context, error);
	}

	/** The refusal of a request whose redirect URI was validated: sent back there, with its state. */
	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationContext context, OAuth2Error error) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error,
				withRedirectUri(context.getAuthentication(), redirectUri(context)));
	}

	/** The already validated redirect URI of the request (or the client's only one). */
	private static String redirectUri(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String requested = request.getRedirectUri();
		return (requested != null) ? requested : context.getRegisteredClient().getRedirectUris().iterator().next();
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationToken withRedirectUri(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, String redirectUri) {
		Map<String, Object> parameters = request.getAdditionalParameters();
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
				request.getClientId(), (Authentication) request.getPrincipal(), redirectUri, request.getState(),
				request.getScopes(), parameters);
	}

}
