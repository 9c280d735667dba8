package io.microsys.sso.provider.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar provider.jar --migrate}, run in-process as {@code MicrosysSsoApplication#main}
 * runs it (without its {@code System.exit}), against a fresh database that outlives it (an H2 file,
 * or a MariaDB database): every migration is applied and recorded, and nothing else of the
 * provider starts.
 */
@Tag("db")
class MigrateCommandTests {

	/** The Java migrations (NameKeysMigration, PeopleSearchMigration), which have no script. */
	private static final List<String> JAVA_MIGRATIONS = List.of("8", "15");

	private Map<String, Object> properties;

	private JdbcTemplate jdbc;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void freshDatabase() {
		Map<String, Object> provider = ProviderTestInitializer.durableProperties();
		// Only what an operator gives the migration Job: where the database is (and the data folder,
		// where the embedded database lives).
		this.properties = new HashMap<>();
		for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"microsys.sso.data-dir")) {
			this.properties.put(key, provider.get(key));
		}
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource((String) this.properties.get("spring.datasource.url"),
				(String) this.properties.get("spring.datasource.username"),
				(String) this.properties.get("spring.datasource.password")));
	}

	@Test
	void requestedWhenMigrateThenTheCommandElseTheServer() {
		assertThat(MigrateCommand.requested(new String[] { "--server.port=1", "--migrate" })).isTrue();
		assertThat(MigrateCommand.requested(new String[] { "--migrate=false" })).isFalse();
		assertThat(MigrateCommand.requested(new String[] { "--server.port=1" })).isFalse();
	}

	@Test
	void migrateWhenFreshDatabaseThenEveryMigrationIsAppliedAndNoStartUpTaskRuns() throws IOException {
		List<String> versions = migrationVersions();

		assertThat(run("--migrate")).as(errors()).isZero();

		String latest = versions.get(versions.size() - 1);
		assertThat(output()).contains("applied " + versions.size() + " migration(s), schema version " + latest);
		assertThat(this.jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success = TRUE"
				+ " AND version IS NOT NULL ORDER BY installed_rank", String.class))
			.containsExactlyElementsOf(versions);
		assertThat(count("flyway_schema_history WHERE success = FALSE")).isZero();
		assertThat(count("sso_signing_key")).as("no signing key made").isZero();
		assertThat(count("sso_setup_code")).as("no setup code made").isZero();
		assertThat(count("sso_user")).as("no superuser made").isZero();

		this.out.reset();
		assertThat(run("--migrate")).as(errors()).isZero();
		assertThat(output()).contains("applied 0 migration(s), schema version " + latest);
		assertThat(count("flyway_schema_history WHERE version IS NOT NULL")).isEqualTo(versions.size());
	}

	@Test
	void migrateWhenAnAppliedMigrationWasChangedThenStatusOneWithFlywaysReason() {
		assertThat(run("--migrate")).as(errors()).isZero();
		this.jdbc.update("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");

		assertThat(run("--migrate")).isEqualTo(1);

		assertThat(errors()).contains("microsys-sso: the migration failed", "checksum mismatch", "version 1");
	}

	@Test
	void migrateWhenTheDatabaseCannotBeOpenedThenStatusOneWithTheReason() {
		this.properties.put("spring.datasource.url", "jdbc:h2:file:" + this.properties.get("microsys.sso.data-dir")
				+ "/missing;IFEXISTS=TRUE");
		this.properties.put("spring.datasource.username", "sa");
		this.properties.put("spring.datasource.password", "");

		assertThat(run("--migrate")).isEqualTo(1);

		assertThat(errors()).contains("microsys-sso: the migration failed", "missing").doesNotContain("\tat ");
	}

	@Test
	void migrateWhenCombinedWithAnotherCommandThenStatusTwoWithoutStarting() {
		assertThat(run("--migrate", "--export=settings.json")).isEqualTo(2);
		assertThat(errors()).contains("--migrate is a command of its own");
	}

	/** Versions of the scripts in db/migration/common and of the Java migrations, in order. */
	private static List<String> migrationVersions() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath:db/migration/common/V*__*.sql");
		return java.util.stream.Stream
			.concat(Arrays.stream(scripts).map((script) -> script.getFilename().substring(1).split("__")[0]),
					JAVA_MIGRATIONS.stream())
			.sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
			.toList();
	}

	private int run(String... command) {
		String[] args = new String[command.length + this.properties.size()];
		System.arraycopy(command, 0, args, 0, command.length);
		int i = command.length;
		for (Map.Entry<String, Object> property : this.properties.entrySet()) {
			args[i++] = "--" + property.getKey() + "=" + property.getValue();
		}
		return MigrateCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private long count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
	}

	private String output() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String errors() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
