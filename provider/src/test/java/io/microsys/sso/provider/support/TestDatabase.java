package io.microsys.sso.provider.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database the tests run against: H2 (default) or a real MySQL-compatible server, chosen with
 * the system property {@code microsys.test.db=h2|mysql}. Every call gives a fresh, empty database.
 * The MySQL server is {@link MariaDbServer}: the one {@code MICROSYS_TEST_MYSQL_URL} names, or a
 * private MariaDB server started for the run.
 */
public final class TestDatabase {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

	private TestDatabase() {
	}

	/** Which database this JVM tests against. */
	public static String kind() {
		return System.getProperty("microsys.test.db", "h2");
	}

	public static boolean isMysql() {
		return "mysql".equals(kind());
	}

	/** Spring properties pointing at a fresh, empty database. */
	public static Map<String, Object> freshDatabaseProperties() {
		String name = "sso_" + RUN + "_" + COUNTER.incrementAndGet();
		Map<String, Object> properties = new LinkedHashMap<>();
		if (isMysql()) {
			MariaDbServer server = MariaDbServer.get();
			createDatabase(server, name);
			properties.put("spring.datasource.url", server.jdbcUrl(name));
			properties.put("spring.datasource.username", server.user());
			properties.put("spring.datasource.password", server.password());
		}
		else {
			properties.put("spring.datasource.url", "jdbc:h2:mem:" + name
					+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
			properties.put("spring.datasource.username", "sa");
			properties.put("spring.datasource.password", "");
		}
		return properties;
	}

	private static void createDatabase(MariaDbServer server, String name) {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(""), server.user(),
				server.password()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name + " on " + server.jdbcUrl(""), ex);
		}
	}

}
