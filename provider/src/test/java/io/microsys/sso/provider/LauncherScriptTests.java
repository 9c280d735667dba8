package io.microsys.sso.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged launch, {@code bin/microsys-sso}, in its dry run: which java commands it would run
 * (the JVM defaults, {@code JAVA_OPTS} after them, the class-data archive for this Java, the
 * application's arguments untouched), with the Java running the tests.
 */
class LauncherScriptTests {

	private static final Path SCRIPT = Path.of("bin/microsys-sso").toAbsolutePath();

	private static final int FEATURE = Runtime.version().feature();

	@TempDir
	Path work;

	private Path jar;

	@BeforeEach
	void fakeJar() throws IOException {
		assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell");
		this.jar = Files.writeString(this.work.resolve("microsys-sso-provider-1.0.jar"), "not run in a dry run");
	}

	@Test
	void launchWhenNoArchiveThenTrainsThenStartsWithTheArchive() throws Exception {
		Result result = launch(Map.of(), "--server.port=9100", "--microsys.sso.issuer=https://sso.example.com/o x");

		assertThat(result.status()).isZero();
		List<String> commands = result.lines();
		assertThat(commands).hasSize(4);
		assertThat(commands.get(1)).contains("-Djarmode=tools", "extract --destination " + this.work.resolve("cache/app"));
		String archiveFlag = (FEATURE >= 25) ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
		assertThat(commands.get(2)).contains(archiveFlag, "-Dspring.context.exit=onRefresh")
			.endsWith("-jar " + this.work.resolve("cache/app/microsys-sso-provider-1.0.jar")
					+ " --server.port=9100 --microsys.sso.issuer=https://sso.example.com/o x");
		String useFlag = (FEATURE >= 25) ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
		assertThat(commands.get(3)).startsWith("exec ")
			.contains("-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", useFlag + this.work.resolve("cache"))
			.endsWith(" --server.port=9100 --microsys.sso.issuer=https://sso.example.com/o x");
	}

	@Test
	void launchWhenJavaOptsThenTheyComeAfterTheDefaults() throws Exception {
		Result result = launch(Map.of("JAVA_OPTS", "-Xmx1g -Dfoo=bar", "MICROSYS_SSO_CDS", "off"));

		assertThat(result.status()).isZero();
		String command = result.lines().get(0);
		assertThat(command.indexOf("-Xmx1g")).isGreaterThan(command.indexOf("-Xmx512m"));
		assertThat(command).contains("-Dfoo=bar").endsWith("-jar " + this.jar);
	}

	@Test
	void launchWhenJavaOptsChooseACollectorThenTheDefaultOneIsLeftOut() throws Exception {
		Result result = launch(Map.of("JAVA_OPTS", "-XX:+UseSerialGC", "MICROSYS_SSO_CDS", "off"));

		assertThat(result.status()).isZero();
		assertThat(result.lines().get(0)).contains("-XX:+UseSerialGC").doesNotContain("UseG1GC", "G1PeriodicGCInterval");
	}

	@Test
	void launchWhenCdsOffThenPlainJarWithoutArchive() throws Exception {
		Result result = launch(Map.of("MICROSYS_SSO_CDS", "off"), "--server.port=9100");

		assertThat(result.status()).isZero();
		assertThat(result.lines()).singleElement()
			.satisfies((command) -> assertThat(command).startsWith("exec ")
				.doesNotContain("SharedArchiveFile", "AOTCache", "extract")
				.endsWith("-jar " + this.jar + " --server.port=9100"));
	}

	@Test
	void launchWhenUnknownCdsModeThenRefuses() throws Exception {
		Result result = launch(Map.of("MICROSYS_SSO_CDS", "sometimes"));

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.errors()).contains("MICROSYS_SSO_CDS is auto or off");
	}

	@Test
	void launchWhenNoJarThenSaysHowToBuildIt() throws Exception {
		Result result = launch(Map.of("MICROSYS_SSO_JAR", this.work.resolve("missing.jar").toString()));

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.errors()).contains("no provider jar", "mvnw");
	}

	private Result launch(Map<String, String> environment, String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", SCRIPT.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.work.toFile());
		builder.environment().remove("JAVA_OPTS");
		builder.environment().remove("MICROSYS_SSO_CDS");
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("MICROSYS_SSO_JAR", this.jar.toString());
		builder.environment().put("MICROSYS_SSO_JVM_CACHE", this.work.resolve("cache").toString());
		builder.environment().put("MICROSYS_SSO_LAUNCHER_DRY_RUN", "1");
		builder.environment().putAll(environment);
		Path out = this.work.resolve("out");
		Path err = this.work.resolve("err");
		Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	private record Result(int status, List<String> lines, String errors) {
	}

}
