package io.microsys.sso.deploy.container;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.microsys.sso.deploy.container.Dockerfile.Instruction;
import io.microsys.sso.deploy.container.Dockerfile.Stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Checks {@code deploy/docker/Dockerfile} and the root {@code .dockerignore} by reading them, since no
 * container engine runs where the tests do: its stages, the user it runs as, the order of the jar's
 * layers, the health check, that nothing secret is built in, and that what it copies is in the
 * build context; and starts the provider from the layers laid out as the image lays them out.
 */
class DockerfileTests {

	/** The images people run; each is a build target. */
	private static final List<String> RUNTIME_STAGES = List.of("provider", "sample-client");

	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL");

	private static Path root;

	private static Dockerfile dockerfile;

	@BeforeAll
	static void read() throws IOException {
		root = Path.of(System.getProperty("microsys.deploy.dir", "deploy")).toAbsolutePath().getParent();
		dockerfile = Dockerfile.read(root.resolve("deploy/docker/Dockerfile"));
	}

	@Test
	void stagesBuildExtractAndRunWithTheProviderAsTheDefaultTarget() {
		assertThat(dockerfile.stages()).extracting(Stage::name)
			.contains("build", "extract", "runtime", "provider", "build-sample-client", "extract-sample-client",
					"sample-client")
			.doesNotHaveDuplicates();
		assertThat(dockerfile.stages().get(dockerfile.stages().size() - 1).name())
			.as("the last stage is what a plain `docker build` makes").isEqualTo("provider");
		Instruction maven = dockerfile.stage("build").all("RUN").get(0);
		assertThat(maven.arguments()).contains("./mvnw -B -pl provider -am package -DskipTests");
		assertThat(maven.flags().get("mount")).contains("type=cache").contains("target=/root/.m2");
		assertThat(dockerfile.stage("build-sample-client").all("RUN").get(0).flags().get("mount"))
			.contains("type=cache").contains("target=/root/.m2");
	}

	@Test
	void baseImagesArePinnedAndTheRuntimeIsAJre() {
		for (Stage stage : dockerfile.stages()) {
			if (isStage(stage.base())) {
				continue;
			}
			assertThat(stage.base()).as("stage %s", stage.name()).matches("[a-z0-9./_-]+:[0-9][A-Za-z0-9._-]*");
		}
		for (String name : List.of("runtime", "extract", "extract-sample-client")) {
			assertThat(dockerfile.stage(name).base()).as(name).contains("-jre");
		}
		for (String name : List.of("provider", "sample-client")) {
			assertThat(image(dockerfile.stage(name))).as(name).contains("-jre");
		}
		assertThat(dockerfile.stage("build").base()).isEqualTo("source");
		assertThat(dockerfile.stage("source").base()).contains("-jdk");
	}

	@ParameterizedTest
	@ValueSource(strings = { "provider", "sample-client" })
	void runtimeRunsAsTheCreatedNonRootUser(String name) {
		Stage stage = dockerfile.stage(name);
		String user = stage.last("USER").orElseThrow(() -> new AssertionError(name + " has no USER")).arguments();
		assertThat(user).isEqualTo("10001:10001");
		assertThat(stage.instructions().get(stage.instructions().size() - 1).keyword())
			.as("nothing runs as root after USER").isIn("ENTRYPOINT", "CMD");
		int userIndex = stage.instructions().indexOf(stage.last("USER").get());
		assertThat(stage.instructions().subList(userIndex, stage.instructions().size()))
			.noneMatch((instruction) -> instruction.is("RUN"));
		List<Stage> chain = chain(stage);
		String created = chain.stream().filter((step) -> !step.all("RUN").isEmpty()).map(DockerfileTests::runs)
			.reduce("", String::concat);
		assertThat(created).containsPattern("groupadd[^&]*--gid 10001 microsys")
			.containsPattern("useradd[^&]*--uid 10001 --gid microsys[^&]* microsys");
		assertThat(chain.stream().flatMap((step) -> step.all("WORKDIR").stream()).reduce((first, second) -> second)
			.orElseThrow()
			.arguments()).isEqualTo("/app");
	}

	@Test
	void providerDataFolderBelongsToItsUser() {
		Stage provider = dockerfile.stage("provider");
		assertThat(runs(provider)).contains("mkdir -p /app/data").contains("chown -R microsys:microsys /app/data");
		assertThat(provider.last("ENV").orElseThrow().keyValues()).containsEntry("MICROSYS_SSO_DATA_DIR", "/app/data")
			.containsEntry("MANAGEMENT_SERVER_PORT", "9001");
		assertThat(provider.last("EXPOSE").orElseThrow().words()).containsExactlyInAnyOrder("9000", "9001");
	}

	@ParameterizedTest
	@ValueSource(strings = { "provider", "sample-client" })
	void layersAreCopiedInOrderFromTheExtractStage(String name) {
		Stage stage = dockerfile.stage(name);
		List<Instruction> copies = stage.all("COPY").stream().filter((copy) -> copy.flags().containsKey("from")).toList();
		String extract = copies.get(0).flags().get("from");
		assertThat(extract).startsWith("extract");
		assertThat(copies).allMatch((copy) -> copy.flags().get("from").equals(extract));
		assertThat(copies).extracting((copy) -> copy.words().get(0))
			.containsExactly(LAYERS.stream().map((layer) -> "/extract/layers/" + layer + "/").toArray(String[]::new));
		assertThat(copies).allMatch((copy) -> copy.words().get(1).equals("./"));
		Instruction extraction = dockerfile.stage(extract).last("RUN").orElseThrow();
		assertThat(extraction.arguments())
			.isEqualTo("java -Djarmode=tools -jar application.jar extract --layers --launcher --destination layers");
		assertThat(stage.last("ENTRYPOINT").orElseThrow().words())
			.endsWith("java", "org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void healthcheckAsksForReadinessOnTheManagementPort() {
		Instruction healthcheck = dockerfile.stage("provider")
			.last("HEALTHCHECK")
			.orElseThrow(() -> new AssertionError("The provider has no HEALTHCHECK"));
		List<String> command = healthcheck.healthcheckCommand();
		assertThat(command.get(0)).as("a tool of the JRE image (Ubuntu with curl)").isEqualTo("curl");
		assertThat(command).as("fails on an error status").anyMatch((word) -> word.matches("-[a-zA-Z]*f[a-zA-Z]*|--fail"));
		assertThat(command).contains("http://127.0.0.1:9001/actuator/health/readiness");
		assertThat(healthcheck.flags()).containsKeys("interval", "timeout", "start-period", "retries");
	}

	@Test
	void jvmIsSizedByTheContainerAndStopsOnOutOfMemory() {
		for (String name : RUNTIME_STAGES) {
			String options = dockerfile.stage(name).last("ENV").orElseThrow().keyValues().get("JDK_JAVA_OPTIONS");
			assertThat(options).as(name).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
		}
	}

	@Test
	void noEnvArgOrLabelHoldsASecret() {
		List<Map.Entry<String, String>> values = new ArrayList<>(dockerfile.globalArgs().entrySet());
		for (Stage stage : dockerfile.stages()) {
			for (Instruction instruction : stage.instructions()) {
				if (instruction.is("ENV") || instruction.is("ARG") || instruction.is("LABEL")) {
					values.addAll(instruction.keyValues().entrySet());
				}
			}
		}
		assertThat(values).isNotEmpty();
		for (Map.Entry<String, String> entry : values) {
			if (SECRET_NAME.matcher(entry.getKey().toUpperCase(Locale.ROOT)).find()) {
				assertThat(entry.getValue()).as("%s is a secret's name: it must have no value in the image", entry.getKey())
					.isNullOrEmpty();
			}
			assertThat(Secrets.looksLikeSecret(entry.getValue())).as("%s=%s", entry.getKey(), entry.getValue()).isFalse();
		}
	}

	@Test
	void filesCopiedFromTheContextExistAndAreNotIgnored() throws IOException {
		DockerIgnore ignore = DockerIgnore.read(root.resolve(".dockerignore"));
		List<String> sources = new ArrayList<>();
		for (Stage stage : dockerfile.stages()) {
			for (Instruction copy : stage.all("COPY")) {
				if (!copy.flags().containsKey("from")) {
					List<String> words = copy.words();
					sources.addAll(words.subList(0, words.size() - 1));
				}
			}
		}
		assertThat(sources).contains("mvnw", "pom.xml", ".mvn/", "provider/src/");
		for (String source : sources) {
			String relative = source.replaceAll("/+$", "");
			Path path = root.resolve(relative);
			assertThat(path).as(source).exists();
			assertThat(ignore.excludes(relative)).as("%s is left out of the context by .dockerignore", source).isFalse();
			if (Files.isDirectory(path)) {
				try (Stream<Path> files = Files.walk(path)) {
					assertThat(files.filter(Files::isRegularFile).map((file) -> root.relativize(file).toString().replace('\\', '/')))
						.as("files of %s in the context", source)
						.anyMatch((file) -> !ignore.excludes(file));
				}
			}
		}
	}

	@Test
	void dockerignoreLeavesOutSecretsBuildOutputAndHistory() throws IOException {
		DockerIgnore ignore = DockerIgnore.read(root.resolve(".dockerignore"));
		assertThat(List.of("deploy/compose/secrets/master-key", "deploy/compose/.env", "provider/target/app.jar",
				"provider/src/test/node/node_modules/x/index.js", ".git/config", "data/master.key",
				"provider/data/microsys-sso.mv.db", "docs/deployment.md", "bench/start-provider.sh"))
			.allMatch(ignore::excludes);
		assertThat(List.of("mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties", "provider/pom.xml",
				"provider/src/main/resources/application.yml", "sample-client/src/main/resources/application.yml",
				"client-sdk/pom.xml", "deploy/pom.xml"))
			.noneMatch(ignore::excludes);
	}

	/**
	 * Builds the runtime stage's /app as the image does (the extract stage's command, then the layers
	 * copied in order into one folder) and starts it with the image's entry point and JVM options,
	 * configured as the compose stack configures it, on H2: the provider's own bootstrap parser accepts
	 * the compose bootstrap file and the web server comes up.
	 */
	@Test
	void imageLayoutStartsTheProviderWithTheComposeBootstrapFile(@TempDir Path work) throws Exception {
		Path jar = Path.of(System.getProperty("microsys.test.provider-jar", "../provider/target/missing.jar"));
		assertThat(jar).as("the provider's jar (./mvnw -B verify from the root builds it before this module)").isRegularFile();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Stage provider = dockerfile.stage("provider");
		List<Instruction> layers = provider.all("COPY").stream().filter((copy) -> copy.flags().containsKey("from")).toList();
		Stage extract = dockerfile.stage(layers.get(0).flags().get("from"));
		String extractDir = extract.last("WORKDIR").orElseThrow().arguments();
		Path extracted = work.resolve("extract");
		Files.createDirectories(extracted);
		Files.copy(jar, extracted.resolve("application.jar"));
		List<String> extraction = new ArrayList<>(extract.last("RUN").orElseThrow().words());
		extraction.set(0, java);
		run(new ProcessBuilder(extraction).directory(extracted.toFile()), work.resolve("extract.log"));
		Path app = work.resolve("app");
		for (Instruction layer : layers) {
			Path from = extracted.resolve(Path.of(extractDir).relativize(Path.of(layer.words().get(0))));
			copyTree(from, app);
		}
		List<String> entryPoint = new ArrayList<>(provider.last("ENTRYPOINT").orElseThrow().words());
		assertThat(entryPoint.remove(0)).as("the base image's entry point, which exec's the rest").isEqualTo("/__cacert_entrypoint.sh");
		entryPoint.set(0, java);
		entryPoint.add("--spring.main.banner-mode=off");
		ProcessBuilder builder = new ProcessBuilder(entryPoint).directory(app.toFile()).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.putAll(provider.last("ENV").orElseThrow().keyValues());
		int port = freePort();
		environment.put("SERVER_PORT", String.valueOf(port));
		environment.put("SERVER_ADDRESS", "127.0.0.1");
		environment.put("MANAGEMENT_SERVER_PORT", String.valueOf(freePort()));
		environment.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
		environment.put("MICROSYS_SSO_DATA_DIR", work.resolve("data").toString());
		environment.put("MICROSYS_SSO_ISSUER", "https://localhost/o");
		environment.put("MICROSYS_BOOTSTRAP_FILE", root.resolve("deploy/compose/bootstrap.yml").toString());
		environment.put("JDK_JAVA_OPTIONS", environment.get("JDK_JAVA_OPTIONS") + " -Xmx384m -XX:TieredStopAtLevel=1");
		Path log = work.resolve("provider.log");
		Process process = builder.redirectOutput(log.toFile()).start();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		try {
			try {
				await().atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> !process.isAlive() || Files.readString(log).contains("Applied bootstrap file"));
			}
			catch (ConditionTimeoutException ex) {
				fail("The provider did not start in 3 minutes; its log:%n%s", Files.readString(log));
			}
			assertThat(process.isAlive()).as("the provider runs; its log:%n%s", Files.readString(log)).isTrue();
			assertThat(Files.readString(log)).contains("Applied bootstrap file").contains("4 created");
			HttpResponse<String> discovery = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/o/.well-known/openid-configuration"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(discovery.statusCode()).isEqualTo(200);
			assertThat(discovery.body()).contains("\"issuer\":\"https://localhost/o\"");
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void parserReadsContinuedLinesFlagsAndStages() {
		Dockerfile parsed = Dockerfile.parse("""
				# syntax=docker/dockerfile:1
				ARG BASE=eclipse-temurin:21-jre
				FROM ${BASE} AS one
				RUN --mount=type=cache,target=/root/.m2 \\
				    # a comment inside
				    echo a \\
				    && echo b
				ENV A=1 B="two words"
				FROM one
				USER 10001
				""");
		assertThat(parsed.stages()).hasSize(2);
		assertThat(parsed.stages().get(0).base()).isEqualTo("eclipse-temurin:21-jre");
		Instruction run = parsed.stage("one").last("RUN").orElseThrow();
		assertThat(run.flags()).containsEntry("mount", "type=cache,target=/root/.m2");
		assertThat(run.arguments()).isEqualTo("echo a  && echo b");
		assertThat(parsed.stage("one").last("ENV").orElseThrow().keyValues()).containsEntry("A", "1")
			.containsEntry("B", "two words");
		assertThat(parsed.stages().get(1).name()).isNull();
		assertThat(Secrets.looksLikeSecret("Jd3kP9x2LqW8zR5tV1nB7mC4yH6gF0sA")).isTrue();
		assertThat(Secrets.looksLikeSecret("-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")).isFalse();
	}

	private static void run(ProcessBuilder builder, Path log) throws Exception {
		Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as("%s:%n%s", builder.command(), Files.readString(log)).isZero();
	}

	/** Copies the contents of {@code from} into {@code to}, as COPY of a folder does. */
	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** The stage and the stages it is built on, the first base first. */
	private static List<Stage> chain(Stage stage) {
		List<Stage> chain = new ArrayList<>();
		for (Stage step = stage; step != null; step = isStage(step.base()) ? dockerfile.stage(step.base()) : null) {
			chain.add(0, step);
		}
		return chain;
	}

	/** The image a stage starts from, through the stages it is built on. */
	private static String image(Stage stage) {
		return chain(stage).get(0).base();
	}

	private static boolean isStage(String base) {
		return dockerfile.stages().stream().anyMatch((stage) -> base.equals(stage.name()));
	}

	private static String runs(Stage stage) {
		StringBuilder all = new StringBuilder();
		stage.all("RUN").forEach((run) -> all.append(run.arguments().replaceAll("\\s+", " ")).append('\n'));
		if (all.isEmpty()) {
			fail("Stage " + stage.name() + " runs nothing");
		}
		return all.toString();
	}

}
