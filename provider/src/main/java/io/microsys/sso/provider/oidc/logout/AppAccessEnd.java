package io.microsys.sso.provider.oidc.logout;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.microsys.sso.provider.oidc.authorization.DatabaseAuthorizationService;

/**
 * Ends one person's access to one app at once, when their membership is removed, deactivated or
 * lowered: their grants there are revoked (refresh and access tokens stop working), and each of
 * their sessions that signed into the app is told through back-channel logout when the app
 * registered a {@code backchannel_logout_uri}. Deliveries leave after the surrounding transaction
 * commits (at once when there is none), so an app is never told of a change that was rolled back.
 */
@Service
public class AppAccessEnd {

	private final JdbcTemplate jdbc;

	private final DatabaseAuthorizationService grants;

	private final BackchannelLogoutSender sender;

	AppAccessEnd(JdbcTemplate jdbc, DatabaseAuthorizationService grants, BackchannelLogoutSender sender) {
		this.jdbc = jdbc;
		this.grants = grants;
		this.sender = sender;
	}

	/** What ending access did: grants revoked and sessions told. */
	public record Ended(int grantsRevoked, int sessionsTold) {

		/** For the activity log. */
		public String detail() {
			return this.grantsRevoked + " grant(s) revoked, " + this.sessionsTold + " session(s) logged out";
		}

	}

	/** Ends the access of the person (by uuid) to the app (by row id). */
	public Ended end(String userUuid, long clientPk) {
		int revoked = this.grants.revokeFor(userUuid, String.valueOf(clientPk));
		record Signed(String sessionIdHash, String clientId, String logoutUri) {
		}
		List<Signed> sessions = this.jdbc.query(
				"SELECT s.session_id_hash, c.client_id, c.backchannel_logout_uri FROM sso_session_client s "
						+ "JOIN sso_client c ON c.id = s.client_id WHERE s.client_id = ? AND s.user_uuid = ?",
				(rs, row) -> new Signed(rs.getString(1), rs.getString(2), rs.getString(3)), clientPk, userUuid);
		this.jdbc.update("DELETE FROM sso_session_client WHERE client_id = ? AND user_uuid = ?", clientPk, userUuid);
		List<Signed> told = sessions.stream()
			.filter((session) -> session.logoutUri() != null && !session.logoutUri().isBlank())
			.toList();
		Runnable deliver = () -> told.forEach((session) -> this.sender.send(session.clientId(), session.logoutUri(),
				userUuid, session.sessionIdHash()));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					deliver.run();
				}

			});
		}
		else {
			deliver.run();
		}
		return new Ended(revoked, told.size());
	}

}
