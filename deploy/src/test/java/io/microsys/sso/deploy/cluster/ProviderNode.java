package io.microsys.sso.deploy.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One provider node: the built jar started with {@code java -jar} on a free loopback port, its
 * output in a log file. A node can be stopped gracefully (SIGTERM), killed (SIGKILL) and started
 * again on the same port, with other arguments.
 */
final class ProviderNode {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Path jar;

	private final Path dir;

	private final int port;

	/** The Actuator's port (every node on one host needs its own). */
	private final int managementPort;

	private final Map<String, String> environment;

	private final List<String> arguments;

	private Process process;

	private int starts;

	ProviderNode(String name, Path jar, Path dir, Map<String, String> environment, List<String> arguments) {
		this.name = name;
		this.jar = jar;
		this.dir = dir;
		this.port = freePort();
		this.managementPort = freePort();
		this.environment = environment;
		this.arguments = arguments;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	/** The node's own origin, bypassing nginx. */
	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The log of the node's latest start. */
	Path log() {
		return this.dir.resolve("node-" + this.name + "-" + this.starts + ".log");
	}

	/** Starts the process (without waiting for it to be ready), with extra arguments for this start. */
	void start(String... extra) {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("Node " + this.name + " is running");
		}
		this.starts++;
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-jar", this.jar.toString(), "--server.address=127.0.0.1",
				"--server.port=" + this.port, "--management.server.address=127.0.0.1",
				"--management.server.port=" + this.managementPort,
				"--microsys.sso.data-dir=" + this.dir.resolve("data-" + this.name)));
		command.addAll(this.arguments);
		command.addAll(List.of(extra));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log().toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(this.environment);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start node " + this.name, ex);
		}
	}

	/** Waits until the node's {@code /health} (the load balancers' readiness check) answers 200. */
	void awaitReady() {
		await("node " + this.name + " ready").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Node " + this.name + " stopped with exit code "
							+ this.process.exitValue() + " while starting:\n" + tail(200));
				}
				return ready();
			});
	}

	boolean ready() {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGTERM, and waits for the process to exit; returns its exit code. */
	int stopGracefully() {
		this.process.destroy();
		return awaitExit(Duration.ofSeconds(60));
	}

	/** SIGKILL ({@code kill -9}), and waits for the process to be gone. */
	void kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(20));
	}

	private int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("Node " + this.name + " did not exit within " + timeout + ":\n" + tail(60));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return this.process.exitValue();
	}

	boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	/** Ends the process whatever its state (clean-up). */
	void destroy() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The last lines of the latest log. */
	String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
			return "---- " + log() + " ----\n"
					+ String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
		}
		catch (IOException ex) {
			return "(cannot read " + log() + ")\n";
		}
	}

	/** Every log of this node so far, for a failure report. */
	String allLogs(int linesEach) {
		StringBuilder out = new StringBuilder();
		int latest = this.starts;
		for (int start = 1; start <= latest; start++) {
			Path file = this.dir.resolve("node-" + this.name + "-" + start + ".log");
			try {
				List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
				out.append("---- ").append(file).append(" ----\n")
					.append(String.join("\n", all.subList(Math.max(0, all.size() - linesEach), all.size())))
					.append('\n');
			}
			catch (IOException ex) {
				out.append("(cannot read ").append(file).append(")\n");
			}
		}
		return out.toString();
	}

}
