package io.microsys.sso.provider.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.support.NameKeys;

/**
 * Flyway migration 15, in Java because the keys are computed by {@link NameKeys}: the console's
 * people search finds a person by a prefix of their username, email, first or last name, each
 * served by an index. Usernames and emails have their keys already; first and last names get
 * {@code first_name_key} and {@code last_name_key} (the same case-folded form), filled here for
 * existing accounts and kept by {@link SsoUser}'s setters. The sorts the list offers (last
 * sign-in, created) get their indexes too, so a page is a short index scan.
 */
@Component
class PeopleSearchMigration implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("15");
	}

	@Override
	public String getDescription() {
		return "people search";
	}

	@Override
	public Integer getChecksum() {
		return 15;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE sso_user ADD COLUMN first_name_key VARCHAR(150)");
			statement.execute("ALTER TABLE sso_user ADD COLUMN last_name_key VARCHAR(150)");
			try (ResultSet rows = connection.createStatement()
				.executeQuery("SELECT id, first_name, last_name FROM sso_user ORDER BY id");
					PreparedStatement update = connection
						.prepareStatement("UPDATE sso_user SET first_name_key = ?, last_name_key = ? WHERE id = ?")) {
				int pending = 0;
				while (rows.next()) {
					update.setString(1, SsoUser.nameKey(rows.getString(2)));
					update.setString(2, SsoUser.nameKey(rows.getString(3)));
					update.setLong(3, rows.getLong(1));
					update.addBatch();
					if (++pending == 1000) {
						update.executeBatch();
						pending = 0;
					}
				}
				if (pending > 0) {
					update.executeBatch();
				}
			}
			statement.execute("CREATE INDEX ix_sso_user_first_name_key ON sso_user (first_name_key)");
			statement.execute("CREATE INDEX ix_sso_user_last_name_key ON sso_user (last_name_key, first_name_key)");
			statement.execute("CREATE INDEX ix_sso_user_last_login ON sso_user (last_login_at)");
			statement.execute("CREATE INDEX ix_sso_user_created ON sso_user (created_at)");
		}
	}

}
