package io.microsys.sso.provider.oidc;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
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

	public AuthorizationRequestChecks(ClientRepository clients, AccessDecision decision, ApplicationEventPublisher events) {
		this.clients = clients;
		this.decision = decision;
		this.events = events;
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
		if (!pushing) {
			// A pushed request is checked again, with the person, when its request_uri comes back.
			checkAccess(context);
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
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, PAR_ERROR_URI);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error,
					withRedirectUri(context.getAuthentication(), redirectUri(context)));
		}
	}

	/** Whether the authorization request being served names a pushed request. */
	private static boolean hasRequestUri() {
		// The framework has already replaced the request by the pushed one it names; only the HTTP
		// request still shows whether it came by request_uri.
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getParameter(OAuth2ParameterNames.REQUEST_URI) != null;
	}

	private void checkRedirectUri(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient registered = context.getRegisteredClient();
		String requested = request.getRedirectUri();
		boolean ok;
		if (requested == null || requested.isEmpty()) {
			ok = registered.getRedirectUris().size() == 1 && !request.getScopes().contains("openid");
		}
		else {
			ok = registered.getRedirectUris().contains(requested) && this.clients
				.findByClientId(registered.getClientId())
				.map((client) -> RedirectUriRules.problem(requested, client.getPolicy()).isEmpty())
				.orElse(false);
		}
		if (!ok) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, ERROR_URI);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, withRedirectUri(request, null));
		}
	}

	private void checkAccess(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Authentication principal = (Authentication) request.getPrincipal();
		if (principal == null || !principal.isAuthenticated() || principal instanceof AnonymousAuthenticationToken) {
			if (isPromptNone(request)) {
				// Checked here: the framework's own check runs only after the login redirect.
				OAuth2Error error = new OAuth2Error("login_required", "The user is not signed in.", ERROR_URI);
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(error,
						withRedirectUri(request, redirectUri(context)));
			}
			return;
		}
		String clientId = context.getRegisteredClient().getClientId();
		if (!SignIn.isComplete(principal) || (!SignIn.hasSecondFactor(principal)
				&& SsoRegisteredClientRepository.requiresSecondFactor(context.getRegisteredClient()))) {
			// The sign-in gate sends people to the challenge first; this holds for prompt=none, or if
			// the gate was bypassed.
			if (isPromptNone(request)) {
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

	private static boolean isPromptNone(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		Object prompt = request.getAdditionalParameters().get("prompt");
		return request.getScopes().contains("openid") && prompt instanceof String value
				&& List.of(value.split(" ")).contains("none");
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
