package io.microsys.sso.deploy.compose;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.microsys.sso.deploy.container.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@code deploy/compose/compose.yml}, its env file, bootstrap file and nginx configuration by
 * reading them (no container engine runs where the tests do), and runs what can run here: nginx's own
 * configuration test and the certificate script. {@code DockerfileTests} starts the provider with the
 * bootstrap file.
 */
class ComposeFileTests {

	private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL");

	private static final Set<String> FLAGS = Set.of("0", "1", "true", "false", "yes", "no");

	private static Path root;

	private static Path composeDir;

	private static ComposeFile compose;

	@BeforeAll
	static void read() throws IOException {
		root = Path.of(System.getProperty("microsys.deploy.dir", "deploy")).toAbsolutePath().getParent();
		composeDir = root.resolve("deploy/compose");
		compose = ComposeFile.read(composeDir.resolve("compose.yml"), ComposeFile.readEnvFile(composeDir.resolve(".env.example")));
	}

	@Test
	void everyServiceHasAHealthcheckAndARestartPolicy() {
		assertThat(compose.services()).containsKeys("provider", "mariadb", "mailpit", "sample-client", "nginx");
		compose.services().forEach((name, value) -> {
			Map<String, Object> service = ComposeFile.map(compose.services(), name);
			Object oneShot = service.get("x-one-shot");
			if (oneShot != null) {
				assertThat(String.valueOf(oneShot)).as("%s: why it is a one-shot", name).isNotBlank();
				assertThat(service.get("restart")).as(name).isIn("no", "on-failure");
				return;
			}
			Map<String, Object> healthcheck = ComposeFile.map(service, "healthcheck");
			assertThat(ComposeFile.list(healthcheck, "test")).as("%s has a healthcheck", name).isNotEmpty();
			assertThat(healthcheck.get("disable")).as(name).isNotEqualTo(true);
			assertThat(healthcheck).as(name).containsKeys("interval", "timeout", "retries");
			assertThat(service.get("restart")).as("%s restarts", name).isIn("unless-stopped", "always", "on-failure");
		});
	}

	@Test
	void pulledImagesArePinnedToAVersion() {
		compose.services().forEach((name, value) -> {
			Map<String, Object> service = ComposeFile.map(compose.services(), name);
			if (!service.containsKey("build")) {
				assertThat(String.valueOf(service.get("image"))).as("the image of %s", name).matches("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*");
			}
		});
		assertThat(compose.service("provider")).containsKey("build");
		assertThat(ComposeFile.map(compose.service("provider"), "build")).containsEntry("dockerfile", "deploy/docker/Dockerfile")
			.containsEntry("target", "provider")
			.containsEntry("context", "../..");
		assertThat(ComposeFile.map(compose.service("sample-client"), "build")).containsEntry("target", "sample-client");
	}

	@Test
	void dependenciesNameServicesAndWaitUntilTheyAreHealthy() {
		compose.services().forEach((name, value) -> {
			Map<String, Object> service = ComposeFile.map(compose.services(), name);
			Object dependsOn = service.get("depends_on");
			List<String> dependencies = ComposeFile.names(dependsOn);
			assertThat(compose.services().keySet()).as("%s depends on services", name).containsAll(dependencies);
			for (String dependency : dependencies) {
				assertThat(dependsOn).as("%s: the long form, with a condition", name).isInstanceOf(Map.class);
				Map<String, Object> condition = ComposeFile.map(ComposeFile.map(service, "depends_on"), dependency);
				boolean oneShot = ComposeFile.map(compose.services(), dependency).containsKey("x-one-shot");
				assertThat(condition.get("condition")).as("%s waits for %s", name, dependency)
					.isEqualTo(oneShot ? "service_completed_successfully" : "service_healthy");
			}
			Object networkMode = service.get("network_mode");
			if (networkMode != null && String.valueOf(networkMode).startsWith("service:")) {
				String shared = String.valueOf(networkMode).substring("service:".length());
				assertThat(dependencies).as("%s shares the network of %s and waits for it", name, shared).contains(shared);
			}
		});
		assertThat(ComposeFile.names(compose.service("provider").get("depends_on"))).contains("mariadb");
		assertThat(ComposeFile.names(compose.service("nginx").get("depends_on"))).contains("provider");
	}

	@Test
	void secretsAreDeclaredUsedAndKeptOutOfGit() throws Exception {
		Map<String, Object> declared = compose.section("secrets");
		assertThat(declared).containsKeys("master_key", "db_password");
		Set<String> used = new HashSet<>();
		compose.services().forEach((name, value) -> {
			List<String> secrets = ComposeFile.names(ComposeFile.map(compose.services(), name).get("secrets"));
			assertThat(declared.keySet()).as("secrets of %s are declared", name).containsAll(secrets);
			used.addAll(secrets);
		});
		assertThat(used).as("every declared secret is used").containsAll(declared.keySet());
		String secretsReadme = Files.readString(composeDir.resolve("secrets/README.md"));
		for (String name : declared.keySet()) {
			String file = String.valueOf(ComposeFile.map(declared, name).get("file"));
			assertThat(file).as("secret %s comes from a file", name).isNotEqualTo("null");
			Path path = composeDir.resolve(file).normalize();
			String relative = root.relativize(path).toString().replace('\\', '/');
			assertThat(relative.endsWith(".example") || gitIgnores(relative))
				.as("%s (secret %s) is git-ignored or an example", relative, name).isTrue();
			assertThat(secretsReadme).as("secrets/README.md says how to make %s", file).contains(path.getFileName().toString());
		}
		assertThat(gitIgnores("deploy/compose/.env")).as("the env file people make from .env.example is git-ignored").isTrue();
		assertThat(gitIgnores("deploy/compose/secrets/README.md")).isFalse();
		// The provider reads its secrets as files named after the properties they set (Spring Boot's config tree).
		Map<String, Object> provider = compose.service("provider");
		assertThat(ComposeFile.environment(provider)).containsEntry("SPRING_CONFIG_IMPORT", "configtree:/run/secrets/");
		assertThat(ComposeFile.list(provider, "secrets")).extracting((secret) -> String.valueOf(((Map<?, ?>) secret).get("target")))
			.containsExactlyInAnyOrder("microsys.sso.master-key", "spring.datasource.password");
		assertThat(ComposeFile.environment(compose.service("mariadb"))).containsEntry("MARIADB_PASSWORD_FILE",
				"/run/secrets/db_password");
	}

	@Test
	void namedVolumesAreDeclaredAndMountedFilesExist() {
		Map<String, Object> declared = compose.section("volumes");
		Set<String> used = new HashSet<>();
		compose.services().forEach((name, value) -> {
			for (Object volume : ComposeFile.list(ComposeFile.map(compose.services(), name), "volumes")) {
				String source = (volume instanceof Map<?, ?> long_) ? String.valueOf(long_.get("source"))
						: String.valueOf(volume).split(":")[0];
				if (source.startsWith(".") || source.startsWith("/")) {
					assertThat(composeDir.resolve(source).normalize()).as("%s mounts %s", name, source).exists();
				}
				else {
					assertThat(declared).as("%s uses volume %s", name, source).containsKey(source);
					used.add(source);
				}
			}
		});
		assertThat(used).as("every declared volume is used").containsAll(declared.keySet());
		assertThat(ComposeFile.list(compose.service("mariadb"), "volumes")).anyMatch((volume) -> String.valueOf(volume)
			.startsWith("mariadb-data:/var/lib/mysql"));
	}

	@Test
	void publishedPortsAreUniqueAndOnLoopbackOnly() {
		List<String> hostPorts = new ArrayList<>();
		compose.services().forEach((name, value) -> {
			for (Object port : ComposeFile.list(ComposeFile.map(compose.services(), name), "ports")) {
				String[] parts = String.valueOf(port).split(":");
				assertThat(parts).as("%s publishes %s as address:host:container", name, port).hasSize(3);
				assertThat(parts[0]).as("%s publishes %s on loopback only", name, port).isEqualTo("127.0.0.1");
				hostPorts.add(parts[1]);
			}
		});
		assertThat(hostPorts).contains("443", "8443").doesNotHaveDuplicates();
		assertThat(compose.service("provider")).as("the provider is reached through nginx only").doesNotContainKey("ports");
		assertThat(compose.service("mariadb")).doesNotContainKey("ports");
	}

	@Test
	void noEnvironmentValueHoldsALiteralSecret() throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		compose.services().forEach((name, value) -> {
			Map<String, Object> service = ComposeFile.map(compose.services(), name);
			ComposeFile.environment(service).forEach((key, setting) -> values.put(name + ": " + key, setting));
			ComposeFile.map(ComposeFile.map(service, "build"), "args")
				.forEach((key, setting) -> values.put(name + " build arg: " + key, String.valueOf(setting)));
		});
		ComposeFile.readEnvFile(composeDir.resolve(".env.example")).forEach((key, value) -> values.put(".env.example: " + key, value));
		assertThat(values).isNotEmpty();
		values.forEach((key, value) -> {
			String variable = key.substring(key.lastIndexOf(' ') + 1).toUpperCase(Locale.ROOT);
			if (SECRET_NAME.matcher(variable).find() && value != null) {
				assertThat(value.startsWith("/run/secrets/") || FLAGS.contains(value.toLowerCase(Locale.ROOT)))
					.as("%s names a secret: only a file in /run/secrets or a yes/no flag, not %s", key, value).isTrue();
			}
			assertThat(Secrets.looksLikeSecret(value)).as("%s=%s", key, value).isFalse();
		});
	}

	@Test
	void browserAndSampleClientUseOneIssuerThroughNginx() throws IOException {
		String issuer = ComposeFile.environment(compose.service("provider")).get("MICROSYS_SSO_ISSUER");
		assertThat(issuer).isEqualTo("https://localhost/o");
		Map<String, Object> sample = compose.service("sample-client");
		assertThat(ComposeFile.environment(sample)).containsEntry("MICROSYS_SSO_ISSUER", issuer);
		assertThat(sampleClientSetting("issuer-uri")).as("the sample client reads MICROSYS_SSO_ISSUER")
			.startsWith("${MICROSYS_SSO_ISSUER:");
		// The sample client lives in nginx's network namespace: https://localhost is nginx there too,
		// and it trusts the development certificate authority that nginx's certificate comes from.
		assertThat(sample.get("network_mode")).isEqualTo("service:nginx");
		assertThat(ComposeFile.environment(sample)).containsEntry("USE_SYSTEM_CA_CERTS", "1");
		assertThat(ComposeFile.list(sample, "volumes")).contains("tls-trust:/certificates:ro");
		assertThat(ComposeFile.list(compose.service("nginx"), "volumes")).contains("tls-trust:/etc/nginx/trust");
		String nginx = nginxConfiguration();
		assertThat(server(nginx, "443")).contains("server_name localhost;").contains("set $provider http://provider:9000;")
			.contains("proxy_pass $provider;").contains("proxy_set_header X-Forwarded-Proto https;");
		assertThat(server(nginx, "8443")).contains("proxy_pass http://127.0.0.1:8080;")
			.contains("proxy_set_header X-Forwarded-Port  8443;");
		assertThat(ComposeFile.list(compose.service("nginx"), "ports")).contains("127.0.0.1:443:443", "127.0.0.1:8443:8443");
		assertThat(ComposeFile.environment(sample)).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native")
			.containsEntry("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES", "127\\.0\\.0\\.1");
	}

	@Test
	void providerBelievesForwardedHeadersFromNginxAlone() throws Exception {
		Map<String, Object> provider = compose.service("provider");
		String trusted = ComposeFile.environment(provider).get("MICROSYS_SSO_TRUSTED_PROXIES");
		Object nginxAddress = ComposeFile.map(ComposeFile.map(compose.service("nginx"), "networks"), "edge").get("ipv4_address");
		assertThat(trusted).isEqualTo(String.valueOf(nginxAddress));
		Map<String, Object> edge = ComposeFile.map(compose.section("networks"), "edge");
		String subnet = String.valueOf(((Map<?, ?>) ComposeFile.list(ComposeFile.map(edge, "ipam"), "config").get(0)).get("subnet"));
		assertThat(inSubnet(trusted, subnet)).as("%s in %s", trusted, subnet).isTrue();
		List<String> members = new ArrayList<>();
		compose.services().forEach((name, value) -> {
			if (ComposeFile.names(ComposeFile.map(compose.services(), name).get("networks")).contains("edge")) {
				members.add(name);
			}
		});
		assertThat(members).as("only nginx and the provider are on the edge network").containsExactlyInAnyOrder("nginx", "provider");
	}

	@Test
	void bootstrapRegistersTheSampleClientAndADemoPerson() throws IOException {
		Map<String, Object> bootstrap = yaml(composeDir.resolve("bootstrap.yml"));
		Map<String, Object> client = only(ComposeFile.list(bootstrap, "clients"));
		assertThat(client.get("client_id")).isEqualTo(sampleClientSetting("client-id"));
		assertThat(sampleClientSetting("client-secret")).as("the sample client's default secret, which the bootstrap registers")
			.isEqualTo("${SAMPLE_CLIENT_SECRET:" + client.get("secret") + "}");
		assertThat(ComposeFile.list(bootstrap, "clients")).hasSize(1);
		assertThat(ComposeFile.list(client, "redirect_uris")).containsExactly("https://localhost:8443/login/oauth2/code/microsys");
		assertThat(ComposeFile.list(client, "post_logout_redirect_uris")).containsExactly("https://localhost:8443/");
		Map<String, Object> person = only(ComposeFile.list(bootstrap, "users"));
		Map<String, Object> membership = only(ComposeFile.list(bootstrap, "memberships"));
		assertThat(membership).containsEntry("client", client.get("client_id")).containsEntry("user", person.get("username"));
		assertThat(Files.readString(composeDir.resolve("README.md")))
			.as("the README gives the demo person's sign-in").contains(String.valueOf(person.get("username")))
			.contains(String.valueOf(person.get("password")));
		assertThat(compose.service("provider").get("volumes").toString()).contains("./bootstrap.yml:/app/config/bootstrap.yml:ro");
		assertThat(ComposeFile.environment(compose.service("provider"))).containsEntry("MICROSYS_BOOTSTRAP_FILE",
				"/app/config/bootstrap.yml");
	}

	@Test
	void certificateScriptMakesACertificateForLocalhostAndDropsTheAuthorityKey(@TempDir Path work) throws Exception {
		Path script = root.resolve("deploy/nginx/40-development-certificate.sh");
		assertThat(Files.isExecutable(script)).as("nginx's entry point runs only executable scripts").isTrue();
		assertThat(ComposeFile.list(compose.service("nginx"), "volumes"))
			.contains("../nginx/40-development-certificate.sh:/docker-entrypoint.d/40-development-certificate.sh:ro");
		makeCertificate(work);
		Path tls = work.resolve("tls");
		Path trust = work.resolve("trust");
		try (Stream<Path> files = Stream.concat(Files.list(tls), Files.list(trust))) {
			assertThat(files.map((file) -> work.relativize(file).toString()))
				.containsExactlyInAnyOrder("tls/server.key", "tls/server.crt", "trust/microsys-development-ca.crt");
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("server.key")))).isEqualTo("rw-------");
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		X509Certificate authority = certificate(factory, trust.resolve("microsys-development-ca.crt"));
		X509Certificate server = certificate(factory, tls.resolve("server.crt"));
		KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
		anchors.load(null, null);
		anchors.setCertificateEntry("development", authority);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(anchors);
		((X509TrustManager) trustManagers.getTrustManagers()[0]).checkServerTrusted(new X509Certificate[] { server }, "ECDHE_ECDSA");
		assertThat(server.getSubjectAlternativeNames()).extracting((name) -> String.valueOf(name.get(1)))
			.contains("localhost", "127.0.0.1");
		assertThat(server.getBasicConstraints()).isEqualTo(-1);
		byte[] before = Files.readAllBytes(tls.resolve("server.key"));
		makeCertificate(work);
		assertThat(Files.readAllBytes(tls.resolve("server.key"))).as("a second start keeps the certificate").isEqualTo(before);
	}

	@Test
	void nginxAcceptsTheConfiguration(@TempDir Path work) throws Exception {
		Path nginx = Stream.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		Assumptions.assumeTrue(nginx != null, "nginx is not installed here (CI installs the Debian package): "
				+ "the configuration was not tested with nginx -t");
		makeCertificate(work);
		Path site = work.resolve("conf.d/microsys-sso.conf");
		Files.createDirectories(site.getParent());
		Files.writeString(site, nginxConfiguration().replace("/etc/nginx/tls/", work.resolve("tls") + "/"));
		Files.createDirectories(work.resolve("temp"));
		Path main = work.resolve("nginx.conf");
		Files.writeString(main, """
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events {}
				http {
				    access_log off;
				    client_body_temp_path %1$s/temp;
				    proxy_temp_path %1$s/temp;
				    include %2$s;
				}
				""".formatted(work, site));
		Process test = new ProcessBuilder(nginx.toString(), "-t", "-q", "-p", work.toString(), "-c", main.toString(), "-e",
				work.resolve("error.log").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(test.exitValue()).as("nginx -t:\n%s", output).isZero();
	}

	/** Runs the certificate script of the nginx container with its folders moved under {@code work}. */
	private static void makeCertificate(Path work) throws Exception {
		assertThat(onPath("openssl")).as("openssl, which the certificate script runs, is on the PATH").isTrue();
		String script = Files.readString(root.resolve("deploy/nginx/40-development-certificate.sh"))
			.replace("/etc/nginx/tls", work.resolve("tls").toString())
			.replace("/etc/nginx/trust", work.resolve("trust").toString());
		Path copy = work.resolve("make-certificate.sh");
		Files.writeString(copy, script);
		Process run = new ProcessBuilder("sh", copy.toString()).redirectErrorStream(true).start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as("the certificate script:\n%s", output).isZero();
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
			.anyMatch((folder) -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, command)));
	}

	private static X509Certificate certificate(CertificateFactory factory, Path file) throws Exception {
		try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
			return (X509Certificate) factory.generateCertificate(in);
		}
	}

	private static String nginxConfiguration() throws IOException {
		return Files.readString(root.resolve("deploy/nginx/microsys-sso.conf"));
	}

	/** The {@code server} block of {@code conf} that listens on {@code port} (blocks hold no nested braces but locations). */
	private static String server(String conf, String port) {
		Matcher matcher = Pattern.compile("server \\{\\s*listen " + port + " ssl;(?:[^{}]|\\{[^{}]*})*}").matcher(conf);
		assertThat(matcher.find()).as("a server listening on %s with TLS", port).isTrue();
		return matcher.group();
	}

	@SuppressWarnings("unchecked")
	private static String sampleClientSetting(String name) throws IOException {
		Map<String, Object> yaml = yaml(root.resolve("sample-client/src/main/resources/application.yml"));
		Map<String, Object> client = ComposeFile.map(ComposeFile.map(ComposeFile.map(yaml, "microsys"), "sso"), "client");
		return String.valueOf(client.get(name));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> yaml(Path file) throws IOException {
		return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> only(List<Object> items) {
		assertThat(items).hasSize(1);
		return (Map<String, Object>) items.get(0);
	}

	private static boolean gitIgnores(String relative) throws Exception {
		Process check = new ProcessBuilder("git", "check-ignore", "-q", "--no-index", relative).directory(root.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as("git check-ignore %s: %s", relative, output).isIn(0, 1);
		return check.exitValue() == 0;
	}

	private static boolean inSubnet(String address, String cidr) throws IOException {
		String[] parts = cidr.split("/");
		byte[] network = InetAddress.getByName(parts[0]).getAddress();
		byte[] candidate = InetAddress.getByName(address).getAddress();
		int bits = Integer.parseInt(parts[1]);
		for (int i = 0; i < bits; i++) {
			int mask = 0x80 >> (i % 8);
			if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

}
