package io.microsys.sso.provider.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.session.ProviderSessionEnd;

/**
 * Ends a provider session and records it, for both ways out: the sign-out page and RP-initiated
 * logout from a connected app (where the app is recorded too). The session's grants are revoked
 * and the apps it signed into are told through back-channel logout.
 */
@Component
public class LogoutAudit implements LogoutHandler {

	private final ApplicationEventPublisher events;

	private final ProviderSessionEnd sessionEnd;

	private final SecurityContextLogoutHandler contextLogout = new SecurityContextLogoutHandler();

	LogoutAudit(ApplicationEventPublisher events, ProviderSessionEnd sessionEnd) {
		this.events = events;
		this.sessionEnd = sessionEnd;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		HttpSession session = request.getSession(false);
		String sessionId = (session != null) ? session.getId() : null;
		String clientId = null;
		Authentication user = authentication;
		if (authentication instanceof OidcLogoutAuthenticationToken oidc) {
			clientId = oidc.getClientId();
			if (clientId == null && oidc.getIdToken() != null && oidc.getIdToken().getAudience() != null
					&& !oidc.getIdToken().getAudience().isEmpty()) {
				clientId = oidc.getIdToken().getAudience().get(0);
			}
			user = oidc.isPrincipalAuthenticated() ? (Authentication) oidc.getPrincipal() : null;
			if (user != null) {
				this.contextLogout.logout(request, response, user);
			}
		}
		if (user != null && user.getPrincipal() instanceof SsoUserDetails details) {
			this.events.publishEvent(new SignedOut(details.getUsername(), details.getLoginName(), clientId));
			this.sessionEnd.ended(sessionId);
		}
	}

}
