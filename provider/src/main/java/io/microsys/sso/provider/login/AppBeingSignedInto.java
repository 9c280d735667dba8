package io.microsys.sso.provider.login;

import java.net.URI;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * The app a person is signing in to, when the sign-in was started by an authorization request:
 * the protocol chain saved that request in the session before sending the person to the sign-in
 * page (only a request the authorization server accepted so far: a known client, a registered
 * redirect address), and its {@code client_id} names the app.
 */
@Component
class AppBeingSignedInto {

	private final RequestCache requests = new HttpSessionRequestCache();

	private final ConnectedApps apps;

	private final String authorizePath;

	AppBeingSignedInto(ConnectedApps apps, ProviderProperties properties) {
		this.apps = apps;
		String issuerPath = URI.create(properties.getIssuer()).getPath();
		this.authorizePath = ((issuerPath == null) ? "" : issuerPath.replaceAll("/+$", "")) + "/authorize";
	}

	/** The name of the app, if the saved request is an authorization request of a known one. */
	Optional<String> name(HttpServletRequest request, HttpServletResponse response) {
		return authorizationRequest(request, response).flatMap((saved) -> this.apps.byClientId(saved.getParameterValues("client_id")[0]))
			.map(SsoClient::getName)
			.filter((name) -> !name.isBlank());
	}

	/** The {@code login_hint} of the saved authorization request (a username or email to suggest). */
	Optional<String> loginHint(HttpServletRequest request, HttpServletResponse response) {
		return authorizationRequest(request, response).map((saved) -> saved.getParameterValues("login_hint"))
			.filter((values) -> values.length == 1 && !values[0].isBlank() && values[0].length() <= 254)
			.map((values) -> values[0].trim());
	}

	private Optional<SavedRequest> authorizationRequest(HttpServletRequest request, HttpServletResponse response) {
		if (request.getSession(false) == null) {
			return Optional.empty();
		}
		SavedRequest saved = this.requests.getRequest(request, response);
		if (saved == null) {
			return Optional.empty();
		}
		String path;
		try {
			path = URI.create(saved.getRedirectUrl()).getPath();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		String[] clientIds = saved.getParameterValues("client_id");
		if (!this.authorizePath.equals(path) || clientIds == null || clientIds.length != 1) {
			return Optional.empty();
		}
		return Optional.of(saved);
	}

}
