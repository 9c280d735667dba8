package io.microsys.sso.provider.client;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.Visibility;

/**
 * A person's memberships in connected apps, read and changed by targeted statements: each change
 * is conditional on the value it replaces, so two administrators changing the same membership at
 * once cannot both believe they did (the second is told it changed meanwhile), and no loaded row
 * is written back over a newer one. Every change moves the person's version first, in the same
 * transaction, because their memberships are part of the person as the admin API and SCIM show
 * them (their ETag): a change based on an older read of the person is then refused instead of
 * undoing this one. Moving the version locks the person's row before the membership's, the
 * order in which changes of the person themselves lock, so the two never wait for each other.
 */
@Service
public class MembershipChanges {

	private final JdbcTemplate jdbc;

	private final JdbcClient query;

	private final Clock clock;

	private final TransactionTemplate transaction;

	MembershipChanges(JdbcTemplate jdbc, JdbcClient query, Clock clock, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.query = query;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * One member of an app as its members page shows them.
	 * @param userId the account's row id
	 * @param uuid the account's uuid
	 * @param username the login name
	 * @param email the address, or null
	 * @param firstName the first name, or null
	 * @param lastName the last name, or null
	 * @param role the role in the app
	 * @param active whether the membership lets the person in
	 * @param accountStatus the account's status ({@code ACTIVE}, {@code DEACTIVATED}…)
	 */
	public record Member(long userId, String uuid, String username, String email, String firstName, String lastName,
			MembershipRole role, boolean active, String accountStatus) {
	}

	/**
	 * The app's members the {@code visibility} lets through, by username, one page of at most
	 * {@code limit} from {@code offset}; {@code prefix} (a LIKE pattern with {@code !} as escape,
	 * already lower-cased, or null) keeps those whose username, email, first or last name starts
	 * with it. The app's rows are found through the unique (client_id, user_id) index.
	 */
	public List<Member> members(long clientPk, Visibility visibility, String prefix, int offset, int limit) {
		StringBuilder sql = new StringBuilder("SELECT u.id, u.uuid, u.username, u.email, u.first_name, u.last_name, "
				+ "m.role, m.active, u.status FROM sso_membership m JOIN sso_user u ON u.id = m.user_id "
				+ "WHERE m.client_id = :client AND ")
			.append(visibility.sql("u.scope_id", "u.is_superuser"));
		if (prefix != null) {
			sql.append(" AND (u.username_key LIKE :prefix ESCAPE '!' OR u.email_key LIKE :prefix ESCAPE '!'"
					+ " OR LOWER(u.first_name) LIKE :prefix ESCAPE '!' OR LOWER(u.last_name) LIKE :prefix ESCAPE '!')");
		}
		sql.append(" ORDER BY u.username_key, u.id LIMIT :limit OFFSET :offset");
		JdbcClient.StatementSpec statement = this.query.sql(sql.toString())
			.param("client", clientPk)
			.param("limit", limit)
			.param("offset", offset)
			.params(visibility.parameters());
		if (prefix != null) {
			statement = statement.param("prefix", prefix);
		}
		return statement
			.query((rs, row) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), MembershipRole.valueOf(rs.getString(7)), rs.getBoolean(8),
					rs.getString(9)))
			.list();
	}

	/**
	 * The app's members the {@code visibility} lets through whose account row id is above
	 * {@code afterUserId}, by that id, at most {@code limit}: one range of the unique
	 * (client_id, user_id) index however deep the page (the admin API's keyset pages).
	 */
	public List<Member> membersAfter(long clientPk, Visibility visibility, long afterUserId, int limit) {
		return this.query.sql("SELECT u.id, u.uuid, u.username, u.email, u.first_name, u.last_name, m.role, m.active, "
				+ "u.status FROM sso_membership m JOIN sso_user u ON u.id = m.user_id "
				+ "WHERE m.client_id = :client AND m.user_id > :after AND " + visibility.sql("u.scope_id", "u.is_superuser")
				+ " ORDER BY m.user_id LIMIT :limit")
			.param("client", clientPk)
			.param("after", afterUserId)
			.param("limit", limit)
			.params(visibility.parameters())
			.query((rs, row) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), MembershipRole.valueOf(rs.getString(7)), rs.getBoolean(8),
					rs.getString(9)))
			.list();
	}

	/** The person's membership in the app with this row id, if any. */
	public Optional<Row> find(long userId, long clientPk) {
		return this.jdbc.query("SELECT c.id, c.client_id, c.name, m.role, m.active, c.policy_active "
				+ "FROM sso_membership m JOIN sso_client c ON c.id = m.client_id WHERE m.user_id = ? AND m.client_id = ?",
				(rs, row) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), MembershipRole.valueOf(rs.getString(4)),
						rs.getBoolean(5), rs.getBoolean(6)),
				userId, clientPk).stream().findFirst();
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
		return changing(userId, (now) -> {
			try {
				this.jdbc.update("INSERT INTO sso_membership (client_id, user_id, role, active, created_at, updated_at) "
						+ "VALUES (?, ?, ?, TRUE, ?, ?)", clientPk, userId, role.name(), now, now);
				return true;
			}
			catch (DataIntegrityViolationException ex) {
				// The unique (client_id, user_id): someone added them meanwhile.
				return false;
			}
		});
	}

	/** Changes the role from {@code before}; false when it was no longer {@code before}. */
	public boolean changeRole(long userId, long clientPk, MembershipRole before, MembershipRole after) {
		return changing(userId, (now) -> this.jdbc.update("UPDATE sso_membership SET role = ?, updated_at = ? "
				+ "WHERE client_id = ? AND user_id = ? AND role = ?", after.name(), now, clientPk, userId,
				before.name()) == 1);
	}

	/** Activates or deactivates; false when it was in that state already. */
	public boolean setActive(long userId, long clientPk, boolean active) {
		return changing(userId, (now) -> this.jdbc.update("UPDATE sso_membership SET active = ?, updated_at = ? "
				+ "WHERE client_id = ? AND user_id = ? AND active = ?", active, now, clientPk, userId, !active) == 1);
	}

	/** Removes the membership; false when it was gone already. */
	public boolean remove(long userId, long clientPk) {
		return changing(userId, (now) -> this.jdbc
			.update("DELETE FROM sso_membership WHERE client_id = ? AND user_id = ?", clientPk, userId) == 1);
	}

	/**
	 * Runs one membership statement after moving the person's version, in one transaction (the
	 * caller's, when there is one); in a transaction of its own, when the statement changed
	 * nothing, the version stays as it was too.
	 */
	private boolean changing(long userId, Statement statement) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			this.jdbc.update("UPDATE sso_user SET version = version + 1, updated_at = ? WHERE id = ?", now, userId);
			boolean done = statement.run(now);
			if (!done && status.isNewTransaction()) {
				status.setRollbackOnly();
			}
			return done;
		}));
	}

	/** One membership statement, given the time of the change; whether it changed a row. */
	private interface Statement {

		boolean run(Timestamp now);

	}

}
