package io.microsys.sso.provider.access;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delegated app administrators: an active account whose active membership in an app has the role
 * {@code admin}. Read from the database on every question (one indexed read), so a membership
 * removed or lowered takes the pages away on the very next request.
 */
@Service
@Transactional(readOnly = true)
public class AppAdmins {

	private final JdbcClient jdbc;

	public AppAdmins(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An app a person administers: its client id and name. */
	public record App(String clientId, String name) {
	}

	/** Whether the actor is an admin of the app with this client id now. */
	public boolean administers(Actor actor, String clientId) {
		if (actor.uuid() == null || clientId == null || clientId.isEmpty() || clientId.length() > 100) {
			return false;
		}
		return this.jdbc
			.sql("SELECT COUNT(*) FROM sso_membership m JOIN sso_client c ON c.id = m.client_id "
					+ "JOIN sso_user u ON u.id = m.user_id WHERE c.client_id = :client AND m.user_id = :user "
					+ "AND m.active = TRUE AND m.role = 'ADMIN' AND u.status = 'ACTIVE'")
			.param("client", clientId)
			.param("user", actor.userId())
			.query(Long.class)
			.single() > 0;
	}

	/** The apps this person administers now, by name (at most 100). */
	public List<App> of(long userId) {
		return this.jdbc
			.sql("SELECT c.client_id, c.name FROM sso_membership m JOIN sso_client c ON c.id = m.client_id "
					+ "JOIN sso_user u ON u.id = m.user_id WHERE m.user_id = :user AND m.active = TRUE "
					+ "AND m.role = 'ADMIN' AND u.status = 'ACTIVE' ORDER BY c.name, c.id LIMIT 100")
			.param("user", userId)
			.query((rs, row) -> new App(rs.getString(1), rs.getString(2)))
			.list();
	}

}
