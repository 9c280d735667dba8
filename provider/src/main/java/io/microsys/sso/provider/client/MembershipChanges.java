package io.microsys.sso.provider.client;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A person's memberships in connected apps, read and changed by targeted statements: each change
 * is conditional on the value it replaces, so two administrators changing the same membership at
 * once cannot both believe they did (the second is told it changed meanwhile), and no loaded row
 * is written back over a newer one.
 */
@Service
public class MembershipChanges {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	MembershipChanges(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * One membership as the console shows it.
	 * @param clientPk the app's row id
	 * @param clientId the app's client id
	 * @param appName the app's name
	 * @param role the role in the app
	 * @param active whether the membership lets the person in
	 * @param appActive whether the app lets anyone in
	 */
	public record Row(long clientPk, String clientId, String appName, MembershipRole role, boolean active,
			boolean appActive) {
	}

	/** The person's memberships, by app name. */
	public List<Row> of(long userId) {
		return this.jdbc.query("SELECT c.id, c.client_id, c.name, m.role, m.active, c.policy_active "
				+ "FROM sso_membership m JOIN sso_client c ON c.id = m.client_id WHERE m.user_id = ? ORDER BY c.name, c.id",
				(rs, row) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), MembershipRole.valueOf(rs.getString(4)),
						rs.getBoolean(5), rs.getBoolean(6)),
				userId);
	}

	/** The person's membership in this app (by client id), if any. */
	public Optional<Row> find(long userId, String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > ConnectedApps.CLIENT_ID_MAX) {
			return Optional.empty();
		}
		return this.jdbc.query("SELECT c.id, c.client_id, c.name, m.role, m.active, c.policy_active "
				+ "FROM sso_membership m JOIN sso_client c ON c.id = m.client_id WHERE m.user_id = ? AND c.client_id = ?",
				(rs, row) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), MembershipRole.valueOf(rs.getString(4)),
						rs.getBoolean(5), rs.getBoolean(6)),
				userId, clientId).stream().findFirst();
	}

	/** Adds the person to the app; false when they are a member already. */
	public boolean add(long userId, long clientPk, MembershipRole role) {
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			this.jdbc.update("INSERT INTO sso_membership (client_id, user_id, role, active, created_at, updated_at) "
					+ "VALUES (?, ?, ?, TRUE, ?, ?)", clientPk, userId, role.name(), now, now);
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			// The unique (client_id, user_id): someone added them meanwhile.
			return false;
		}
	}

	/** Changes the role from {@code before}; false when it was no longer {@code before}. */
	public boolean changeRole(long userId, long clientPk, MembershipRole before, MembershipRole after) {
		return this.jdbc.update("UPDATE sso_membership SET role = ?, updated_at = ? "
				+ "WHERE client_id = ? AND user_id = ? AND role = ?", after.name(), Timestamp.from(this.clock.instant()),
				clientPk, userId, before.name()) == 1;
	}

	/** Activates or deactivates; false when it was in that state already. */
	public boolean setActive(long userId, long clientPk, boolean active) {
		return this.jdbc.update("UPDATE sso_membership SET active = ?, updated_at = ? "
				+ "WHERE client_id = ? AND user_id = ? AND active = ?", active, Timestamp.from(this.clock.instant()),
				clientPk, userId, !active) == 1;
	}

	/** Removes the membership; false when it was gone already. */
	public boolean remove(long userId, long clientPk) {
		return this.jdbc.update("DELETE FROM sso_membership WHERE client_id = ? AND user_id = ?", clientPk, userId) == 1;
	}

}
