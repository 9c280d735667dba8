package io.microsys.sso.provider.persistence;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The database migration from the command line: {@code java -jar provider.jar --migrate} applies
 * the provider's Flyway migrations (the SQL scripts and the Java migrations) to the configured
 * database, prints the schema version and exits: status 0 when the schema is up to date, 1 with a
 * readable message when the database cannot be reached or a migration fails, 2 for arguments that
 * belong to another command. It starts only a data source and Flyway, configured as the provider
 * is (application.yml, environment variables, the other arguments): no web server, no start-up
 * tasks, no keys, no workers. A Kubernetes Job runs it before a rollout, so that new nodes find
 * their schema and old nodes are not stopped while a migration runs.
 */
public final class MigrateCommand {

	/** The argument that asks for the migration. */
	public static final String MIGRATE = "--migrate";

	private MigrateCommand() {
	}

	/** Whether the arguments ask for the migration rather than for the server. */
	public static boolean requested(String[] args) {
		return List.of(args).contains(MIGRATE);
	}

	/**
	 * Migrates the configured database.
	 * @return the process's exit status
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		List<String> others = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--export=") || arg.startsWith("--import=")) {
				err.println("microsys-sso: " + MIGRATE + " is a command of its own; run the export or import after it");
				return 2;
			}
			if (!arg.equals(MIGRATE)) {
				others.add(arg);
			}
		}
		// One connection migrates; the provider's pool would open two dozen for nothing.
		others.add("--spring.datasource.hikari.maximum-pool-size=2");
		others.add("--spring.datasource.hikari.minimum-idle=1");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Migration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			// The Job's log names each migration it applies.
			.properties("logging.level.root=warn", "logging.level.org.flywaydb.core.internal.command=info")
			.run(others.toArray(String[]::new))) {
			Flyway flyway = context.getBean(Flyway.class);
			MigrateResult result = flyway.migrate();
			String version = flyway.info().current() != null ? flyway.info().current().getVersion().getVersion() : "none";
			out.println("Database " + result.database + ": applied " + result.migrationsExecuted
					+ " migration(s), schema version " + version);
			return 0;
		}
		catch (FlywayException ex) {
			err.println("microsys-sso: the migration failed: " + ex.getMessage());
			return 1;
		}
		catch (RuntimeException ex) {
			err.println("microsys-sso: cannot migrate the database: " + rootMessage(ex));
			return 1;
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/**
	 * A data source and Flyway as the provider configures them, with every Java migration of the
	 * provider (they are components in their features' packages) and nothing else. Not a
	 * {@code @Configuration}: the provider's own component scan would find it, and its migration
	 * strategy would stop the provider migrating at start.
	 */
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
	@ComponentScan(basePackages = "io.microsys.sso.provider", useDefaultFilters = false,
			includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JavaMigration.class))
	static class Migration {

		/** The command migrates after start-up, where it can report the result and any failure. */
		@Bean
		FlywayMigrationStrategy deferredMigration() {
			return (flyway) -> {
			};
		}

	}

}
