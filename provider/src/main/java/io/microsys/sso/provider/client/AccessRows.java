package io.microsys.sso.provider.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.UserStatus;

/**
 * What an access decision looks at — the app's policy, the person and their membership — read in
 * one statement of plain JDBC, every time it is asked (so a change takes effect at once on every
 * node). Token requests and userinfo ask on every call; building three managed entities for it cost
 * several times the query itself.
 */
@Component
public class AccessRows {

	/** The facts as read; {@code role} and {@code membershipActive} are null without a membership. */
	public record Row(String clientId, boolean policyActive, boolean allowAllAuthenticated, String userUuid,
			String username, String firstName, String lastName, String email, boolean emailVerified, String language,
			UserStatus status, Instant lockedUntil, MembershipRole role, Boolean membershipActive) {
	}

	private static final String SELECT = "SELECT c.client_id, c.policy_active, c.allow_all_authenticated, "
			+ "u.uuid, u.username, u.first_name, u.last_name, u.email, u.email_verified, u.language, u.status, "
			+ "u.locked_until, m.role, m.active "
			+ "FROM sso_client c JOIN sso_user u ON u.uuid = ? "
			+ "LEFT JOIN sso_membership m ON m.client_id = c.id AND m.user_id = u.id ";

	private final JdbcTemplate jdbc;

	public AccessRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The facts for the app with this client id and the person with this UUID; empty if either is unknown. */
	public Optional<Row> byClientId(String clientId, String userUuid) {
		return first(this.jdbc.query(SELECT + "WHERE c.client_id = ?", AccessRows::row, userUuid, clientId));
	}

	/** As {@link #byClientId}, with the app given by its row id. */
	public Optional<Row> byClientPk(long clientPk, String userUuid) {
		return first(this.jdbc.query(SELECT + "WHERE c.id = ?", AccessRows::row, userUuid, clientPk));
	}

	/** Whether an app with this client id exists (to tell an unknown app from an unknown person). */
	public boolean clientExists(String clientId) {
		return !this.jdbc.queryForList("SELECT id FROM sso_client WHERE client_id = ?", Long.class, clientId).isEmpty();
	}

	/** Whether an app with this row id exists. */
	public boolean clientExists(long clientPk) {
		return !this.jdbc.queryForList("SELECT id FROM sso_client WHERE id = ?", Long.class, clientPk).isEmpty();
	}

	private static Optional<Row> first(List<Row> rows) {
		return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		Timestamp lockedUntil = rs.getTimestamp(12);
		String role = rs.getString(13);
		boolean membershipActive = rs.getBoolean(14);
		return new Row(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
				UserStatus.valueOf(rs.getString(11)), (lockedUntil != null) ? lockedUntil.toInstant() : null,
				(role != null) ? MembershipRole.valueOf(role) : null, (role != null) ? membershipActive : null);
	}

}
