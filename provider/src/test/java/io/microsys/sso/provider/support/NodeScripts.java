package io.microsys.sso.provider.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;

/**
 * Runs the acceptance scripts of {@code src/test/node} (openid-client, a certified relying party)
 * with the machine's Node: one {@code node script.mjs} process per script, its settings in
 * environment variables, its output in the failure when it exits non-zero. Installs the pinned
 * packages ({@code npm ci}) first when {@code node_modules} is missing, so a plain
 * {@code ./mvnw verify} works on a machine with Node and npm.
 */
public final class NodeScripts {

	private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

	private static boolean installed;

	private NodeScripts() {
	}

	/** The folder of the scripts and their package.json (tests run in the module folder). */
	public static Path folder() {
		Path folder = Path.of("src/test/node").toAbsolutePath();
		return Files.isDirectory(folder) ? folder : Path.of("provider/src/test/node").toAbsolutePath();
	}

	/**
	 * The variables every script may read, in a map the test may add to: {@code SSO_ISSUER}, the
	 * app ({@code SSO_CLIENT_ID}, {@code SSO_CLIENT_SECRET} of confidential fixture apps,
	 * {@code SSO_REDIRECT_URI}) and the person ({@code SSO_USERNAME}, {@code SSO_PASSWORD},
	 * {@code SSO_EXPECTED_SUB}).
	 */
	public static Map<String, String> environment(Provider provider, SsoClient app, SsoUser person) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SSO_ISSUER", provider.issuer());
		environment.put("SSO_CLIENT_ID", app.getClientId());
		environment.put("SSO_CLIENT_SECRET", TestFixtures.SECRET);
		environment.put("SSO_REDIRECT_URI", TestFixtures.REDIRECT_URI);
		environment.put("SSO_USERNAME", person.getUsername());
		environment.put("SSO_PASSWORD", TestFixtures.PASSWORD);
		environment.put("SSO_EXPECTED_SUB", person.getUuid());
		return environment;
	}

	/**
	 * Runs {@code script} (a file of {@link #folder()}) with {@code environment} added to this
	 * process's, and returns its output; fails the test with that output when it exits non-zero or
	 * does not finish in time.
	 */
	public static String run(String script, Map<String, String> environment) {
		install();
		Result result = execute(List.of("node", script), environment, SCRIPT_TIMEOUT);
		if (result.exitCode() != 0) {
			throw new AssertionError("node " + script + " " + result.describe() + ":\n" + result.output());
		}
		return result.output();
	}

	private static synchronized void install() {
		if (installed || Files.isDirectory(folder().resolve("node_modules/openid-client"))) {
			installed = true;
			return;
		}
		Result result = execute(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), Map.of(),
				INSTALL_TIMEOUT);
		if (result.exitCode() != 0) {
			throw new AssertionError("npm ci in " + folder() + " " + result.describe() + ":\n" + result.output());
		}
		installed = true;
	}

	private static Result execute(List<String> command, Map<String, String> environment, Duration timeout) {
		Path output = null;
		Process process = null;
		try {
			output = Files.createTempFile("microsys-node", ".log");
			ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(folder().toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			builder.environment().putAll(environment);
			try {
				process = builder.start();
			}
			catch (IOException ex) {
				throw new AssertionError(command.get(0) + " could not be started (" + ex.getMessage()
						+ "): the acceptance tests need Node 20.19+ and npm (Debian: apt-get install nodejs npm)", ex);
			}
			boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!finished) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			return new Result(finished ? process.exitValue() : -1, finished, timeout, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (process != null) {
				process.destroyForcibly();
			}
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
		finally {
			if (output != null) {
				try {
					Files.deleteIfExists(output);
				}
				catch (IOException ex) {
					// A temporary file left behind is harmless.
				}
			}
		}
	}

	private record Result(int exitCode, boolean finished, Duration timeout, String output) {

		String describe() {
			return this.finished ? "exited with " + this.exitCode : "did not finish within " + this.timeout;
		}

	}

}
