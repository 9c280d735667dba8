package io.microsys.sso.sample.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak, started from its distribution (unpacked by Maven from Maven Central) as a child
 * process on a free loopback port, in development mode with an in-memory database and the given
 * realm imported. Keycloak needs Java 21 or later: the JDK is taken from
 * {@code microsys.test.keycloak.java-home}, then {@code MICROSYS_TEST_KEYCLOAK_JAVA_HOME}, then the
 * newest JDK 21+ under {@code /usr/lib/jvm}; without one the test fails rather than skips.
 */
public final class KeycloakServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

	private final Process process;

	private final Path log;

	private final int port;

	private final String realm;

	private KeycloakServer(Process process, Path log, int port, String realm) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.realm = realm;
	}

	/** Starts Keycloak with the realm in {@code realmFile} (named {@code realm}) and waits for it. */
	public static KeycloakServer start(Path realmFile, String realm, Path workDir)
			throws IOException, InterruptedException {
		Path home = Path.of(System.getProperty("microsys.test.keycloak-home", "target/keycloak/missing"));
		if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
			throw new IllegalStateException("No Keycloak distribution at " + home
					+ ": run the tests through Maven, which unpacks it (./mvnw -B verify)");
		}
		Path javaHome = javaHome().orElseThrow(() -> new IllegalStateException(
				"Keycloak needs a Java 21+ JDK: set MICROSYS_TEST_KEYCLOAK_JAVA_HOME (or -Dmicrosys.test.keycloak.java-home),"
						+ " or skip this test with -Dmicrosys.test.skipKeycloak=true"));
		Path imports = home.resolve("data/import");
		Files.createDirectories(imports);
		try (Stream<Path> old = Files.list(imports)) {
			for (Path file : old.toList()) {
				Files.delete(file);
			}
		}
		Files.copy(realmFile, imports.resolve(realm + "-realm.json"));
		int port = ProviderProcess.freePort();
		Path log = workDir.resolve("keycloak.log");
		ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
				"--http-port=" + port, "--http-host=127.0.0.1", "--import-realm", "--db=dev-mem", "--cache=local",
				"--http-management-port=" + ProviderProcess.freePort(), "--log-level=WARN,org.keycloak.services:INFO")
			.directory(home.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("JAVA_HOME", javaHome.toString());
		environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
		KeycloakServer server = new KeycloakServer(builder.start(), log, port, realm);
		server.awaitReady();
		return server;
	}

	/** The JDK for Keycloak, when there is one of version 21 or later. */
	static Optional<Path> javaHome() throws IOException {
		String configured = System.getProperty("microsys.test.keycloak.java-home",
				System.getenv("MICROSYS_TEST_KEYCLOAK_JAVA_HOME"));
		if (configured != null && !configured.isBlank()) {
			Path home = Path.of(configured);
			if (featureVersion(home) < 21) {
				throw new IllegalStateException("The JDK for Keycloak at " + home + " is not Java 21 or later");
			}
			return Optional.of(home);
		}
		if (Runtime.version().feature() >= 21) {
			return Optional.of(Path.of(System.getProperty("java.home")));
		}
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return Optional.empty();
		}
		try (Stream<Path> candidates = Files.list(jvms)) {
			return candidates.filter((home) -> Files.isExecutable(home.resolve("bin/java")))
				.filter((home) -> featureVersion(home) >= 21)
				.max(Comparator.comparingInt(KeycloakServer::featureVersion));
		}
	}

	private static int featureVersion(Path home) {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release)) {
			return 0;
		}
		try (var reader = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
			Properties properties = new Properties();
			properties.load(reader);
			String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
			return Integer.parseInt(version.split("[.+-]")[0]);
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.port + "/realms/" + this.realm;
	}

	private void awaitReady() throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak stopped while starting:\n" + logTail());
			}
			try {
				if (client.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		close();
		throw new IllegalStateException("Keycloak did not start in " + START_TIMEOUT + ":\n" + logTail());
	}

	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** Stops Keycloak and every process it started. */
	@Override
	public void close() {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		children.forEach(ProcessHandle::destroy);
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				children.forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			for (ProcessHandle child : children) {
				child.onExit().get(20, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			children.forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
