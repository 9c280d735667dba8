package io.microsys.sso.provider.oidc.logout;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.session.SessionEnded;

/**
 * What a provider session's end means for the apps: the grants issued in that session are revoked,
 * so its refresh tokens stop working at once, and every connected app the session signed into that
 * registered a {@code backchannel_logout_uri} is sent a logout token. Runs in the thread that ends
 * the session; never fails it.
 */
@Component
class SessionGrantsEnd {

	private static final Logger logger = LoggerFactory.getLogger(SessionGrantsEnd.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final BackchannelLogoutSender sender;

	private final Clock clock;

	private final BackchannelLogoutProperties settings;

	SessionGrantsEnd(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, BackchannelLogoutSender sender,
			Clock clock, BackchannelLogoutProperties properties) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.sender = sender;
		this.clock = clock;
		this.settings = properties;
	}

	@EventListener
	void ended(SessionEnded event) {
		String sid = event.sessionIdHash();
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
