package io.microsys.sso.provider.oidc.logout;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.settings.SsoProperties;

/**
 * What happens when a provider session ends (sign-out, RP-initiated logout, or every session of a
 * person being ended): the grants issued in that session are revoked, so its refresh tokens stop
 * working, and every connected app the session signed into that registered a
 * {@code backchannel_logout_uri} is sent a logout token. Never fails the caller: a logout always
 * completes for the person.
 */
@Component
public class ProviderSessionEnd {

	private static final Logger logger = LoggerFactory.getLogger(ProviderSessionEnd.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final BackchannelLogoutSender sender;

	private final FindByIndexNameSessionRepository<?> sessions;

	private final Clock clock;

	private final SsoProperties.BackchannelLogout settings;

	public ProviderSessionEnd(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			BackchannelLogoutSender sender, FindByIndexNameSessionRepository<?> sessions, Clock clock,
			SsoProperties properties) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.sender = sender;
		this.sessions = sessions;
		this.clock = clock;
		this.settings = properties.getBackchannelLogout();
	}

	/** The session with this id ended (or is about to be invalidated by the caller). */
	public void ended(String sessionId) {
		if (sessionId == null) {
			return;
		}
		String sid = SessionIdHash.of(sessionId);
		List<SignedInApp> apps;
		try {
			apps = this.transaction.execute((status) -> {
				List<SignedInApp> rows = this.jdbc.query(
						"SELECT c.client_id, c.backchannel_logout_uri, s.user_uuid FROM sso_session_client s "
								+ "JOIN sso_client c ON c.id = s.client_id WHERE s.session_id_hash = ?",
						(rs, row) -> new SignedInApp(rs.getString(1), rs.getString(2), rs.getString(3)), sid);
				this.jdbc.update("DELETE FROM sso_session_client WHERE session_id_hash = ?", sid);
				this.jdbc.update("DELETE FROM oauth2_authorization WHERE session_id_hash = ?", sid);
				return rows;
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Could not end the grants of a session: {}", ex.getMessage());
			return;
		}
		for (SignedInApp app : apps) {
			if (app.logoutUri() != null && !app.logoutUri().isBlank()) {
				this.sender.send(app.clientId(), app.logoutUri(), app.userUuid(), sid);
			}
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

	/** Forgets apps of sessions that never ended explicitly, once they are long gone. */
	@Scheduled(initialDelayString = "${microsys.sso.authorizations.purge-interval:PT10M}",
			fixedDelayString = "${microsys.sso.authorizations.purge-interval:PT10M}")
	void forgetOldSessions() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(this.settings.getSessionMemory()));
		int removed = this.jdbc.update("DELETE FROM sso_session_client WHERE updated_at < ?", cutoff);
		if (removed > 0) {
			logger.info("Forgot the apps of {} old sessions", removed);
		}
	}

	private record SignedInApp(String clientId, String logoutUri, String userUuid) {
	}

}
