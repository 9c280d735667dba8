package io.microsys.sso.provider.support;

/**
 * The MySQL-compatible server for the MySQL test run, taken from {@code MICROSYS_TEST_MYSQL_URL}
 * (a URL without database, e.g. {@code jdbc:mysql://127.0.0.1:3306/}), {@code MICROSYS_TEST_MYSQL_USER}
 * and {@code MICROSYS_TEST_MYSQL_PASSWORD}. The MySQL run fails (never skips) without it.
 */
public final class MariaDbServer {

	private static MariaDbServer instance;

	private final String baseUrl;

	private final String user;

	private final String password;

	private MariaDbServer(String baseUrl, String user, String password) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
		this.user = user;
		this.password = password;
	}

	/** The server of this JVM. */
	public static synchronized MariaDbServer get() {
		if (instance == null) {
			String url = System.getenv("MICROSYS_TEST_MYSQL_URL");
			if (url == null || url.isBlank()) {
				throw new IllegalStateException("The MySQL test run needs MICROSYS_TEST_MYSQL_URL "
						+ "(e.g. jdbc:mysql://127.0.0.1:3306/); .ci/run starts a MariaDB server and sets it");
			}
			instance = new MariaDbServer(url, env("MICROSYS_TEST_MYSQL_USER", "root"),
					env("MICROSYS_TEST_MYSQL_PASSWORD", ""));
		}
		return instance;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	/** JDBC URL of a database on this server. */
	public String jdbcUrl(String database) {
		return this.baseUrl + database + "?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC"
				+ "&forceConnectionTimeZoneToSession=true";
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

}
