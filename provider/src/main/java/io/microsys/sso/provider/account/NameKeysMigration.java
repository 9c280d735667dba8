package io.microsys.sso.provider.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.support.NameKeys;

/**
 * Flyway migration 8, in Java because the keys are computed by {@link NameKeys}: the
 * {@code username_key} and {@code email_key} columns of users (and {@code email_key} of
 * invitations) get the new keys and, on MySQL and MariaDB, a binary collation that does not
 * ignore trailing spaces (before, {@code utf8mb4_unicode_ci} made {@code bób} and {@code bob} one
 * value); the new {@code username_lookalike} column is filled and indexed. When two existing
 * accounts would get the same key, it changes nothing and stops start-up naming them.
 */
@Component
class NameKeysMigration implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("8");
	}

	@Override
	public String getDescription() {
		return "name keys";
	}

	@Override
	public Integer getChecksum() {
		return 8;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		List<Account> accounts = accounts(connection);
		checkUnique(accounts);
		boolean h2 = connection.getMetaData().getDatabaseProductName().toUpperCase(Locale.ROOT).contains("H2");
		try (Statement statement = connection.createStatement()) {
			if (h2) {
				statement.execute("ALTER TABLE sso_user ADD COLUMN username_lookalike VARCHAR(150)");
			}
			else {
				String type = "CHARACTER SET utf8mb4 COLLATE " + binaryCollation(connection);
				statement.execute("ALTER TABLE sso_user MODIFY username_key VARCHAR(150) " + type + " NOT NULL, "
						+ "MODIFY email_key VARCHAR(254) " + type + ", ADD COLUMN username_lookalike VARCHAR(150) "
						+ type);
				statement.execute("ALTER TABLE sso_invitation MODIFY email_key VARCHAR(254) " + type + " NOT NULL");
			}
			try (PreparedStatement update = connection.prepareStatement(
					"UPDATE sso_user SET username_key = ?, email_key = ?, username_lookalike = ? WHERE id = ?")) {
				for (Account account : accounts) {
					update.setString(1, account.usernameKey());
					update.setString(2, account.emailKey());
					update.setString(3, account.lookalike());
					update.setLong(4, account.id());
					update.addBatch();
				}
				update.executeBatch();
			}
			rekeyInvitations(connection);
			statement.execute(h2 ? "ALTER TABLE sso_user ALTER COLUMN username_lookalike SET NOT NULL"
					: "ALTER TABLE sso_user MODIFY username_lookalike VARCHAR(150) CHARACTER SET utf8mb4 COLLATE "
							+ binaryCollation(connection) + " NOT NULL");
			statement.execute("CREATE INDEX ix_sso_user_username_lookalike ON sso_user (username_lookalike)");
		}
	}

	private record Account(long id, String username, String usernameKey, String emailKey, String lookalike) {
	}

	private static List<Account> accounts(Connection connection) throws SQLException {
		List<Account> accounts = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, username, email FROM sso_user ORDER BY id")) {
			while (rows.next()) {
				String username = rows.getString(2);
				String lookalike = NameKeys.lookalike(username);
				accounts.add(new Account(rows.getLong(1), username, NameKeys.key(username),
						NameKeys.key(rows.getString(3)), lookalike.substring(0, Math.min(lookalike.length(), 150))));
			}
		}
		return accounts;
	}

	private static void checkUnique(List<Account> accounts) {
		Map<String, Account> usernames = new HashMap<>();
		Map<String, Account> emails = new HashMap<>();
		for (Account account : accounts) {
			if (account.usernameKey().length() > NameKeys.USERNAME_KEY_MAX
					|| (account.emailKey() != null && account.emailKey().length() > NameKeys.EMAIL_KEY_MAX)) {
				throw new IllegalStateException("The username or email of account id " + account.id()
						+ " is too long once normalized (Unicode NFKC); shorten it, then start again");
			}
			Account same = usernames.putIfAbsent(account.usernameKey(), account);
			if (same != null) {
				throw conflict("usernames", same, account);
			}
			if (account.emailKey() != null) {
				same = emails.putIfAbsent(account.emailKey(), account);
				if (same != null) {
					throw conflict("email addresses", same, account);
				}
			}
		}
	}

	private static IllegalStateException conflict(String what, Account first, Account second) {
		return new IllegalStateException("Accounts id " + first.id() + " ('" + first.username() + "') and id "
				+ second.id() + " ('" + second.username() + "') have " + what
				+ " that differ only in case or Unicode form, and keys must now be unique; "
				+ "change one of them, then start again");
	}

	private static void rekeyInvitations(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, email FROM sso_invitation");
				PreparedStatement update = connection
					.prepareStatement("UPDATE sso_invitation SET email_key = ? WHERE id = ?")) {
			while (rows.next()) {
				update.setString(1, NameKeys.key(rows.getString(2)));
				update.setLong(2, rows.getLong(1));
				update.addBatch();
			}
			update.executeBatch();
		}
	}

	/** A binary collation that does not pad: MariaDB's, MySQL 8's, or else the padding one. */
	private static String binaryCollation(Connection connection) throws SQLException {
		for (String name : new String[] { "utf8mb4_nopad_bin", "utf8mb4_0900_bin" }) {
			try (PreparedStatement query = connection
				.prepareStatement("SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?")) {
				query.setString(1, name);
				try (ResultSet result = query.executeQuery()) {
					if (result.next() && result.getInt(1) > 0) {
						return name;
					}
				}
			}
		}
		return "utf8mb4_bin";
	}

}
