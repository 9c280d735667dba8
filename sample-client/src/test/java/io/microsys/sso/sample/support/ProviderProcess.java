package io.microsys.sso.sample.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real provider, started from the jar the reactor built ({@code provider/target}), as its own
 * process on a free loopback port with a fresh embedded database and the given bootstrap file.
 */
public final class ProviderProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private final Process process;

	private final Path log;

	private final int port;

	private ProviderProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/** Starts the provider on {@code port} and waits until it is healthy. */
	public static ProviderProcess start(int port, Path bootstrapFile, Path workDir, String... extraArguments)
			throws IOException, InterruptedException {
		Path jar = Path.of(System.getProperty("microsys.test.provider-jar", "../provider/target/missing.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The provider jar " + jar + " is missing: build it first "
					+ "(./mvnw -B verify from the repository root builds the provider before this module)");
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
				"-jar", jar.toAbsolutePath().toString(), "--server.port=" + port, "--server.address=127.0.0.1",
				"--management.server.port=0",
				"--microsys.sso.issuer=http://localhost:" + port + "/o",
				"--microsys.sso.data-dir=" + workDir.resolve("data"),
				"--microsys.sso.bootstrap.file=" + bootstrapFile.toAbsolutePath(),
				"--microsys.sso.backchannel-logout.initial-backoff=200ms", "--spring.main.banner-mode=off"));
		command.addAll(List.of(extraArguments));
		Path log = workDir.resolve("provider.log");
		Process process = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ProviderProcess provider = new ProviderProcess(process, log, port);
		provider.awaitHealthy();
		return provider;
	}

	/** A free port on the loopback interface. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	public String issuer() {
		return baseUrl() + "/o";
	}

	private void awaitHealthy() throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The provider stopped while starting:\n" + logTail());
			}
			try {
				HttpResponse<Void> health = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("The provider did not become healthy in " + START_TIMEOUT + ":\n" + logTail());
	}

	/** The last lines the provider logged. */
	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
