package io.microsys.sso.provider.account;

import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.microsys.sso.provider.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 15 gives existing accounts the search keys of their first and last names, the same
 * as {@link SsoUser}'s setters compute, so people made before it are found by name too.
 */
@Tag("db")
class PeopleSearchMigrationTests {

	@Test
	void migrateWhenAccountsHaveNamesThenTheirKeysAreFilledAsTheSettersWould() {
		Map<String, Object> properties = TestDatabase.freshDatabaseProperties();
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
				(String) properties.get("spring.datasource.username"),
				(String) properties.get("spring.datasource.password")));
		Flyway.configure()
			.dataSource(jdbc.getDataSource())
			.locations("classpath:db/migration/common")
			.javaMigrations(new NameKeysMigration())
			.target("14")
			.load()
			.migrate();
		insert(jdbc, "elodie", "ÉLODIE", "Straße");
		insert(jdbc, "nameless", null, "  ");

		Flyway.configure()
			.dataSource(jdbc.getDataSource())
			.locations("classpath:db/migration/common")
			.javaMigrations(new NameKeysMigration(), new PeopleSearchMigration())
			.load()
			.migrate();

		assertThat(jdbc.queryForList("SELECT first_name_key, last_name_key FROM sso_user ORDER BY id"))
			.extracting((row) -> row.get("first_name_key") + "|" + row.get("last_name_key"))
			.containsExactly(SsoUser.nameKey("ÉLODIE") + "|" + SsoUser.nameKey("Straße"), "null|null");
		assertThat(SsoUser.nameKey("ÉLODIE")).isEqualTo("élodie");
		assertThat(SsoUser.nameKey("Straße")).isEqualTo("strasse");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE last_name_key LIKE 'stras%'", Long.class))
			.isOne();
	}

	private static void insert(JdbcTemplate jdbc, String username, String firstName, String lastName) {
		jdbc.update("INSERT INTO sso_user (uuid, username, username_key, username_lookalike, first_name, last_name, "
				+ "language, is_staff, is_superuser, status, email_verified, origin, created_at, updated_at, version) "
				+ "VALUES (?, ?, ?, ?, ?, ?, 'en', FALSE, FALSE, 'ACTIVE', TRUE, 'ADMIN', CURRENT_TIMESTAMP, "
				+ "CURRENT_TIMESTAMP, 0)", UUID.randomUUID().toString(), username, username, username, firstName,
				lastName);
	}

}
