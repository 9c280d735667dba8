package io.microsys.sso.provider.oidc;

import java.util.List;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * The session registry the code exchange is given: it knows no session. The exchange would
 * otherwise load every session of the person (each with its attributes) to name the most recent
 * one in the ID token's {@code sid} — slow for a person signed in on many devices, and the wrong
 * session when two of them sign in at once. The session a code was issued in is recorded with the
 * grant instead, and the token customizer names it.
 */
final class SessionFromGrant implements SessionRegistry {

	@Override
	public List<Object> getAllPrincipals() {
		return List.of();
	}

	@Override
	public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
		return List.of();
	}

	@Override
	public SessionInformation getSessionInformation(String sessionId) {
		return null;
	}

	@Override
	public void refreshLastRequest(String sessionId) {
	}

	@Override
	public void registerNewSession(String sessionId, Object principal) {
	}

	@Override
	public void removeSessionInformation(String sessionId) {
	}

}
