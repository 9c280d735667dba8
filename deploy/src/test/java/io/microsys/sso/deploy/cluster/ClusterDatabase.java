package io.microsys.sso.deploy.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The cluster's one MariaDB database: a fresh one per run on the server of the MySQL test run
 * ({@code MICROSYS_TEST_MYSQL_URL}, {@code _USER}, {@code _PASSWORD}), read over JDBC by the test.
 */
final class ClusterDatabase {

	private final String url;

	private final String user;

	private final String password;

	private ClusterDatabase(String url, String user, String password) {
		this.url = url;
		this.user = user;
		this.password = password;
	}

	/** Creates a new, empty database on the server {@code serverUrl} names (a URL without database). */
	static ClusterDatabase create(String serverUrl, String user, String password) {
		String base = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
		String name = "sso_cluster_" + Long.toString(System.currentTimeMillis(), 36);
		try (Connection connection = DriverManager.getConnection(base + options(), user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the cluster's database " + name + " on " + base, ex);
		}
		return new ClusterDatabase(base + name + options(), user, password);
	}

	private static String options() {
		return "?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
	}

	String url() {
		return this.url;
	}

	String user() {
		return this.user;
	}

	String password() {
		return this.password;
	}

	/** The single number a query returns (a count). */
	long number(String sql, Object... parameters) {
		try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed: " + sql, ex);
		}
	}

}
