package io.microsys.sso.provider.login;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.client.AppAccessDenied;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.RedirectUriRules;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * Where a failed sign-in goes. A wrong username or password always gets the same message. When
 * the password was right but the account may not sign in (deactivated, pending, locked,
 * unverified) and the sign-in was started by a connected app, the app gets
 * {@code error=access_denied} at its registered redirect URI, as it would for any other denial.
 */
@Component
class LoginFailureHandler implements AuthenticationFailureHandler {

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final ClientRepository clients;

	private final ApplicationEventPublisher events;

	private final String authorizePath;

	LoginFailureHandler(ClientRepository clients, ApplicationEventPublisher events, ProviderProperties properties) {
		this.clients = clients;
		this.events = events;
		String issuerPath = URI.create(properties.getIssuer()).getPath();
		this.authorizePath = (issuerPath.endsWith("/") ? issuerPath.substring(0, issuerPath.length() - 1)
				: issuerPath) + "/authorize";
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof LoginConfiguration.AccountStateException state) {
			SsoUserDetails user = state.getUser();
			Optional<String> denial = denialRedirect(request, response, user);
			if (denial.isPresent()) {
				this.requestCache.removeRequest(request, response);
				response.sendRedirect(denial.get());
				return;
			}
			this.events.publishEvent(new SignInFailed(user.getUsername(), user.getLoginName(), user.getSignInProblem()));
			// The password was right: say why this account cannot sign in when the person can act on it.
			String error = switch (String.valueOf(user.getSignInProblem())) {
				case "user_pending_approval" -> "pending";
				case "email_unverified" -> "unverified";
				default -> "inactive";
			};
			response.sendRedirect(request.getContextPath() + "/accounts/login?error=" + error);
			return;
		}
		if (exception instanceof ThrottledPasswordAuthentication.SignInsThrottledException) {
			response.sendRedirect(request.getContextPath() + "/accounts/login?error=throttled");
			return;
		}
		response.sendRedirect(request.getContextPath() + "/accounts/login?error");
	}

	private Optional<String> denialRedirect(HttpServletRequest request, HttpServletResponse response,
			SsoUserDetails user) {
		SavedRequest saved = this.requestCache.getRequest(request, response);
		if (saved == null) {
			return Optional.empty();
		}
		URI url = URI.create(saved.getRedirectUrl());
		if (!this.authorizePath.equals(url.getPath())) {
			return Optional.empty();
		}
		String clientId = single(saved, "client_id");
		String redirectUri = single(saved, "redirect_uri");
		if (clientId == null || redirectUri == null) {
			return Optional.empty();
		}
		Optional<SsoClient> client = this.clients.findByClientId(clientId)
			.filter((c) -> c.getRedirectUris().contains(redirectUri))
			.filter((c) -> RedirectUriRules.problem(redirectUri, c.getPolicy()).isEmpty());
		if (client.isEmpty()) {
			return Optional.empty();
		}
		this.events.publishEvent(
				new AppAccessDenied(user.getUsername(), user.getLoginName(), clientId, user.getSignInProblem()));
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam("error", "access_denied")
			.queryParam("error_description", "The user is not allowed to use this application.");
		String stateParam = single(saved, "state");
		if (stateParam != null) {
			target.queryParam("state", stateParam);
		}
		return Optional.of(target.encode().build().toUriString());
	}

	private static String single(SavedRequest saved, String name) {
		String[] values = saved.getParameterMap().get(name);
		return (values != null && values.length == 1) ? values[0] : null;
	}

}
