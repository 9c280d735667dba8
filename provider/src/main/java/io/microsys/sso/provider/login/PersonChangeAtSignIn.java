package io.microsys.sso.provider.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.session.ProviderSessionEnd;

/**
 * A different person signing in over a browser's session (an app asked for a new sign-in and
 * someone else gave theirs) starts a fresh session: the previous person's session ends as a
 * sign-out would end it — its grants revoked, the apps it signed into told by back-channel logout —
 * before the new person's sign-in is stored. The same person signing in again keeps their session.
 */
@Component
public class PersonChangeAtSignIn implements SessionAuthenticationStrategy {

	private final ProviderSessionEnd sessionEnd;

	PersonChangeAtSignIn(ProviderSessionEnd sessionEnd) {
		this.sessionEnd = sessionEnd;
	}

	@Override
	public void onAuthentication(Authentication signedIn, HttpServletRequest request, HttpServletResponse response) {
		// Runs before the new sign-in is stored: the context still holds the session's person.
		Authentication before = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		HttpSession session = request.getSession(false);
		if (session != null && SignIn.isSignedIn(before) && signedIn != null
				&& !before.getName().equals(signedIn.getName())) {
			this.sessionEnd.ended(session.getId());
		}
	}

}
