package io.microsys.sso.provider.session;

/**
 * A provider session ended: signed out, logged out by an app, or ended with every session of its
 * person. Published synchronously before the session is deleted, so listeners (the grants issued
 * in it, the apps it signed into) act before the caller goes on.
 *
 * @param sessionId the session's id as Spring Session knows it
 * @param sessionIdHash its hash, as grants and the apps' {@code sid} carry it
 */
public record SessionEnded(String sessionId, String sessionIdHash) {

	/** The event for a session id. */
	public static SessionEnded of(String sessionId) {
		return new SessionEnded(sessionId, SessionIdHash.of(sessionId));
	}

}
