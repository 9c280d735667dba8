package io.microsys.sso.provider.session;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Ends provider sessions: at sign-out, at an app's RP-initiated logout, or every session of a
 * person at once. Each ending is published as a {@link SessionEnded} event, on which the grants
 * issued in that session are revoked and the apps it signed into are told. Never fails the caller:
 * a logout always completes for the person.
 */
@Component
public class ProviderSessionEnd {

	private static final Logger logger = LoggerFactory.getLogger(ProviderSessionEnd.class);

	private final ApplicationEventPublisher events;

	private final FindByIndexNameSessionRepository<?> sessions;

	public ProviderSessionEnd(ApplicationEventPublisher events, FindByIndexNameSessionRepository<?> sessions) {
		this.events = events;
		this.sessions = sessions;
	}

	/** The session with this id ended (or is about to be invalidated by the caller). */
	public void ended(String sessionId) {
		if (sessionId == null) {
			return;
		}
		try {
			this.events.publishEvent(SessionEnded.of(sessionId));
		}
		catch (RuntimeException ex) {
			logger.warn("A listener failed on the end of a session: {}", ex.getMessage());
		}
	}

	/** Ends every session of one person (e.g. when the account is deactivated); returns how many. */
	public int endAll(String userUuid) {
		return endAllExcept(userUuid, Set.of());
	}

	/**
	 * Ends every session of one person but those with the given ids (the one making a change, say);
	 * returns how many ended.
	 */
	public int endAllExcept(String userUuid, Set<String> keep) {
		int ended = 0;
		for (String sessionId : this.sessions.findByPrincipalName(userUuid).keySet()) {
			if (!keep.contains(sessionId)) {
				end(sessionId);
				ended++;
			}
		}
		return ended;
	}

	/** Ends one session now: its grants revoked, its apps told, the session deleted. */
	public void end(String sessionId) {
		ended(sessionId);
		this.sessions.deleteById(sessionId);
	}

}
