package io.microsys.sso.provider.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The MySQL-compatible server of the MySQL test run. When {@code MICROSYS_TEST_MYSQL_URL} is set (a
 * URL without database, e.g. {@code jdbc:mysql://127.0.0.1:3306/}, with
 * {@code MICROSYS_TEST_MYSQL_USER} and {@code MICROSYS_TEST_MYSQL_PASSWORD}) that server is used, as
 * {@code .ci/run} does. Otherwise a private MariaDB server is started from the installed
 * {@code mariadbd} in a temporary folder on a free loopback port, and stopped when the JVM exits.
 * Without either the MySQL run fails, it never skips.
 */
public final class MariaDbServer {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final String PRIVATE_USER = "microsys";

	private static MariaDbServer instance;

	/** Why the server could not be had: every later test fails with it at once, without retrying. */
	private static RuntimeException failure;

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
		if (failure != null) {
			throw failure;
		}
		if (instance == null) {
			String url = System.getenv("MICROSYS_TEST_MYSQL_URL");
			try {
				instance = (url != null && !url.isBlank())
						? new MariaDbServer(url, env("MICROSYS_TEST_MYSQL_USER", "root"),
								env("MICROSYS_TEST_MYSQL_PASSWORD", ""))
						: startPrivateServer();
			}
			catch (RuntimeException ex) {
				failure = ex;
				throw ex;
			}
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

	private static MariaDbServer startPrivateServer() {
		Path mariadbd = executable("mariadbd");
		Path installDb = executable("mariadb-install-db");
		try {
			Path dir = Files.createTempDirectory("microsys-mariadb");
			Path data = dir.resolve("data");
			List<String> asUser = isRoot() ? List.of("--user=root") : List.of();
			List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults",
					"--auth-root-authentication-method=socket", "--skip-name-resolve", "--skip-test-db",
					"--datadir=" + data));
			install.addAll(asUser);
			run(install, dir.resolve("install.log"));

			byte[] secret = new byte[16];
			new SecureRandom().nextBytes(secret);
			String password = HexFormat.of().formatHex(secret);
			Path initFile = dir.resolve("init.sql");
			// Read by the server before it accepts connections, so the user exists once it does.
			Files.writeString(initFile, "CREATE USER '" + PRIVATE_USER + "'@'127.0.0.1' IDENTIFIED BY '" + password
					+ "';\nGRANT ALL PRIVILEGES ON *.* TO '" + PRIVATE_USER + "'@'127.0.0.1';\n");
			int port = ProviderTestInitializer.freePort();
			List<String> start = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults", "--datadir=" + data,
					"--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("mariadbd.pid"), "--port=" + port,
					"--bind-address=127.0.0.1", "--skip-name-resolve", "--init-file=" + initFile,
					"--log-error=" + dir.resolve("error.log"), "--character-set-server=utf8mb4",
					"--collation-server=utf8mb4_unicode_ci", "--max-connections=500",
					"--innodb-flush-log-at-trx-commit=0"));
			start.addAll(asUser);
			Process process = new ProcessBuilder(start).redirectErrorStream(true)
				.redirectOutput(dir.resolve("mariadbd.out").toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, dir), "mariadb-stop"));
			MariaDbServer server = new MariaDbServer("jdbc:mysql://127.0.0.1:" + port + "/", PRIVATE_USER, password);
			server.awaitConnections(process, dir);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start a private MariaDB server for the MySQL test run", ex);
		}
	}

	private static Path executable(String name) {
		List<String> folders = new ArrayList<>(List.of(env("PATH", "").split(File.pathSeparator)));
		// Debian installs mariadbd in /usr/sbin, which a developer's PATH often lacks.
		folders.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin"));
		return folders.stream()
			.filter((folder) -> !folder.isEmpty())
			.map((folder) -> Path.of(folder, name))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The MySQL test run needs a MySQL-compatible server: '"
					+ name + "' was not found. Install MariaDB ('apt-get install mariadb-server') so the tests start "
					+ "a private server, or set MICROSYS_TEST_MYSQL_URL (e.g. jdbc:mysql://127.0.0.1:3306/), "
					+ "MICROSYS_TEST_MYSQL_USER and MICROSYS_TEST_MYSQL_PASSWORD to use a running one."));
	}

	private static boolean isRoot() {
		// mariadbd refuses to run as root unless told to with --user=root.
		return "root".equals(System.getProperty("user.name"));
	}

	private static void run(List<String> command, Path log) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish in " + START_TIMEOUT + "\n" + tail(log));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("Interrupted while running " + command.get(0), ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(
					command.get(0) + " failed with exit code " + process.exitValue() + ":\n" + tail(log));
		}
	}

	private void awaitConnections(Process process, Path dir) {
		AtomicReference<SQLException> last = new AtomicReference<>();
		try {
			await("mariadbd accepting connections").atMost(START_TIMEOUT)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("mariadbd stopped with exit code " + process.exitValue()
								+ " while starting:\n" + tail(dir.resolve("error.log"))
								+ tail(dir.resolve("mariadbd.out")));
					}
					try (Connection connection = DriverManager.getConnection(jdbcUrl(""), this.user, this.password)) {
						return true;
					}
					catch (SQLException ex) {
						last.set(ex);
						return false;
					}
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("mariadbd did not accept connections within " + START_TIMEOUT + ":\n"
					+ tail(dir.resolve("error.log")), last.get());
		}
	}

	private static void stop(Process process, Path dir) {
		process.destroy();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary folder left behind is harmless.
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
		}
		catch (IOException ex) {
			return "(cannot read " + log + ")\n";
		}
	}

}
