package io.microsys.sso.provider.account;

import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.microsys.sso.provider.support.NameKeys;
import io.microsys.sso.provider.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migration 8 on a database that has accounts already (H2, and MariaDB in the MySQL run): their
 * username and email keys become {@link NameKeys#key} values compared byte for byte, and their
 * look-alike keys are filled; accounts that the new keys would make one stop it, changing nothing.
 */
@Tag("db")
class NameKeysMigrationTests {

	private static JdbcTemplate freshDatabase() {
		Map<String, Object> properties = TestDatabase.freshDatabaseProperties();
		return new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
				(String) properties.get("spring.datasource.username"),
				(String) properties.get("spring.datasource.password")));
	}

	private static FluentConfiguration flyway(JdbcTemplate jdbc) {
		return Flyway.configure()
			.dataSource(jdbc.getDataSource())
			.locations("classpath:db/migration/common")
			.javaMigrations(new NameKeysMigration());
	}

	/** A user row as version 7 stored it: the key was the trimmed, lower-cased value. */
	private static void insert(JdbcTemplate jdbc, String username, String email) {
		jdbc.update("INSERT INTO sso_user (uuid, username, username_key, email, email_key, language, is_staff, "
				+ "is_superuser, status, email_verified, origin, created_at, updated_at, version) "
				+ "VALUES (?, ?, ?, ?, ?, 'en', FALSE, FALSE, 'ACTIVE', TRUE, 'ADMIN', CURRENT_TIMESTAMP, "
				+ "CURRENT_TIMESTAMP, 0)", UUID.randomUUID().toString(), username, username.toLowerCase(),
				email, (email != null) ? email.toLowerCase() : null);
	}

	@Test
	void migrateWhenAccountsExistThenTheirKeysAreFilledAndComparedByteForByte() {
		JdbcTemplate jdbc = freshDatabase();
		flyway(jdbc).target("7").load().migrate();
		insert(jdbc, "Bób", "Bob@Example.COM");
		insert(jdbc, "ＣＡＲＯＬ", null);
		insert(jdbc, "Straße", "strasse@example.com");

		flyway(jdbc).load().migrate();

		assertThat(jdbc.queryForList("SELECT username, username_key, username_lookalike, email_key FROM sso_user "
				+ "ORDER BY id"))
			.extracting((row) -> row.get("username_key") + "|" + row.get("username_lookalike") + "|"
					+ row.get("email_key"))
			.containsExactly("bób|bob|bob@example.com", "carol|carol|null", "strasse|strasse|strasse@example.com");
		// Byte for byte, whatever the server's default collation (utf8mb4_unicode_ci made these equal).
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE username_key = ?", Long.class, "bob"))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE username_key = ?", Long.class, "bób "))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE username_key = ?", Long.class, "bób"))
			.isOne();
		// Unique: "bob" can be stored next to "bób", a second "bób" cannot.
		jdbc.update("UPDATE sso_user SET username_key = 'bob' WHERE username = 'Straße'");
		assertThatThrownBy(() -> jdbc.update("UPDATE sso_user SET username_key = 'bób' WHERE username = 'Straße'"))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void migrateWhenTwoAccountsWouldGetTheSameKeyThenItStopsNamingThemAndChangesNothing() {
		// MySQL's own unique key (utf8mb4_unicode_ci) never let such rows exist there.
		Assumptions.assumeFalse(TestDatabase.isMysql());
		JdbcTemplate jdbc = freshDatabase();
		flyway(jdbc).target("7").load().migrate();
		insert(jdbc, "dave", null);
		insert(jdbc, "ＤＡＶＥ", null);

		assertThatThrownBy(() -> flyway(jdbc).load().migrate()).hasStackTraceContaining("'dave'")
			.hasStackTraceContaining("'ＤＡＶＥ'")
			.hasStackTraceContaining("change one of them, then start again");
		assertThat(jdbc.queryForList("SELECT username_key FROM sso_user ORDER BY id", String.class))
			.containsExactly("dave", "ｄａｖｅ");
	}

}
