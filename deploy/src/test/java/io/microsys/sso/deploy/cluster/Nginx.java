package io.microsys.sso.deploy.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * nginx from the machine's package, started in the foreground with {@code deploy/nginx/cluster-test.conf}
 * filled in: its own prefix, pid file, logs and temporary folders under the test's folder, listening on
 * a free loopback port in front of the two nodes.
 */
final class Nginx {

	private final Path prefix;

	private final int port;

	private Process process;

	private Nginx(Path prefix, int port) {
		this.prefix = prefix;
		this.port = port;
	}

	static Path executable() {
		for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx",
				"/usr/local/nginx/sbin/nginx")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		throw new IllegalStateException("The cluster test needs nginx: install it ('apt-get install nginx'; "
				+ ".ci/run does) or run with -Dmicrosys.test.skipMysql=true to skip the cluster test.");
	}

	/** Writes the configuration for {@code port} in front of the nodes (host:port each) and starts nginx. */
	static Nginx start(Path template, Path prefix, int port, String nodeA, String nodeB) {
		Path nginx = executable();
		try {
			// Run as root, nginx's workers run as nobody: they must reach the temporary folders, which
			// the master creates (and hands to them) under this prefix.
			Files.createDirectories(prefix);
			Files.setPosixFilePermissions(prefix, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
			String config = Files.readString(template, StandardCharsets.UTF_8)
				.replace("@PREFIX@", prefix.toString())
				.replace("@LISTEN@", "127.0.0.1:" + port)
				.replace("@NODE_A@", nodeA)
				.replace("@NODE_B@", nodeB);
			Path file = prefix.resolve("nginx.conf");
			Files.writeString(file, config, StandardCharsets.UTF_8);
			Nginx server = new Nginx(prefix, port);
			// -e: where nginx writes the errors before it has read the configuration (not /var/log).
			server.process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", file.toString(), "-e",
					prefix.resolve("error.log").toString())
				.redirectErrorStream(true)
				.redirectOutput(prefix.resolve("nginx.out").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			await("nginx listening").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
				if (!server.process.isAlive()) {
					throw new IllegalStateException("nginx stopped with exit code " + server.process.exitValue()
							+ ":\n" + server.logs());
				}
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return true;
				}
				catch (IOException ex) {
					return false;
				}
			});
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start nginx", ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Lines of the access log: {@code status method uri request_time | upstream_addr | upstream_status}. */
	List<String> accessLog() {
		try {
			return Files.readAllLines(this.prefix.resolve("access.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/** How many of the given access log lines each upstream answered (the last node tried). */
	static Map<String, Integer> answersPerUpstream(List<String> lines) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String line : lines) {
			String[] upstreams = line.split(" \\| ")[1].split(", ");
			counts.merge(upstreams[upstreams.length - 1], 1, Integer::sum);
		}
		return counts;
	}

	/** How many of the given access log lines were tried on more than one node. */
	static long retried(List<String> lines) {
		return lines.stream().filter((line) -> line.split(" \\| ")[1].contains(",")).count();
	}

	String logs() {
		List<String> out = new ArrayList<>();
		for (String name : List.of("nginx.out", "error.log")) {
			try {
				List<String> lines = Files.readAllLines(this.prefix.resolve(name), StandardCharsets.UTF_8);
				out.add("---- nginx " + name + " ----");
				out.addAll(lines.subList(Math.max(0, lines.size() - 60), lines.size()));
			}
			catch (IOException ex) {
				out.add("(no " + name + ")");
			}
		}
		return String.join("\n", out) + "\n";
	}

	void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

}
