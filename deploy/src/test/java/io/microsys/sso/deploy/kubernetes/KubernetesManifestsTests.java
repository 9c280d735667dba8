package io.microsys.sso.deploy.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes}: each overlay renders with
 * {@code kubectl kustomize}, every rendered object passes the Kubernetes API schemas (the
 * kubernetes-models validators, made strict about unknown fields by
 * {@code deploy/kubernetes/test/validate.mjs}), and the objects follow the deployment's rules:
 * non-root, read-only containers with no capabilities, probes on the management port's health
 * groups, a graceful stop, a migration Job, and in {@code ha} at least two pods that roll one at
 * a time. Needs kubectl and Node; installs the validators' pinned packages in
 * {@code deploy/kubernetes/test} when they are missing ({@code .ci/run} installs them first).
 */
class KubernetesManifestsTests {

	private static final Path KUBERNETES = Path.of(System.getProperty("microsys.deploy.dir", "."), "kubernetes");

	private static final Path VALIDATOR = KUBERNETES.resolve("test");

	private static final int MANAGEMENT_PORT = 9001;

	/** Spring's {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	private static final int SHUTDOWN_PHASE_SECONDS = 30;

	@TempDir
	static Path work;

	/** Installs the pinned validators ({@code npm ci}) when a plain {@code ./mvnw verify} finds none. */
	@BeforeAll
	static void validatorsInstalled() throws IOException, InterruptedException {
		if (!Files.isDirectory(VALIDATOR.resolve("node_modules/@kubernetes-models/prometheus-operator"))) {
			Result result = run(List.of("npm", "ci", "--prefix", VALIDATOR.toString(), "--no-audit", "--no-fund",
					"--ignore-scripts"), 300);
			assertThat(result.status()).as("npm ci in " + VALIDATOR + ":\n" + result.output()).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "ha" })
	void overlayWhenRenderedThenEveryObjectPassesTheApiSchemas(String overlay) throws Exception {
		List<Map<String, Object>> objects = render(overlay);

		Result result = validate(objects);

		assertThat(result.status()).as(result.output()).isZero();
		assertThat(result.output()).contains(objects.size() + " objects valid");
	}

	@Test
	void validatorWhenFieldMisspelledOrOfTheWrongTypeOrUnknownKindThenRefusesEach() throws Exception {
		Map<String, Object> good = only(render("ha"), "Deployment");
		Map<String, Object> misspelled = copy(good);
		Map<String, Object> container = containers(misspelled).get(0);
		container.put("readinesProbe", container.remove("readinessProbe"));
		Map<String, Object> wrongType = copy(good);
		map(wrongType, "spec").put("replicas", "two");
		Map<String, Object> nestedUnknown = copy(good);
		map(map(containers(nestedUnknown).get(0), "securityContext"), "capabilities").put("remove", List.of("ALL"));
		Map<String, Object> unknownKind = copy(good);
		unknownKind.put("kind", "Deploymnet");

		Result result = validate(List.of(good, misspelled, wrongType, nestedUnknown, unknownKind));

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.output()).contains(
				"data/spec/template/spec/containers/0/readinesProbe is not a field of the API schema",
				"data/spec/replicas must be integer",
				"data/spec/template/spec/containers/0/securityContext/capabilities/remove is not a field",
				"no schema for apiVersion apps/v1 kind Deploymnet", "4 of 5 objects invalid");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "ha" })
	void overlayWhenRenderedThenEveryContainerRunsLockedDown(String overlay) throws Exception {
		List<Map<String, Object>> objects = render(overlay);
		List<Map<String, Object>> workloads = objects.stream()
			.filter((object) -> List.of("Deployment", "Job").contains(object.get("kind")))
			.toList();
		assertThat(workloads).isNotEmpty();
		for (Map<String, Object> workload : workloads) {
			String name = workload.get("kind") + "/" + name(workload);
			Map<String, Object> pod = podSpec(workload);
			assertThat(pod.get("automountServiceAccountToken")).as(name).isEqualTo(false);
			// Service links would set MICROSYS_SSO_PORT, MICROSYS_SSO_SERVICE_HOST, … for the Service
			// `microsys-sso`, which Spring binds as microsys.sso.* properties.
			assertThat(pod.get("enableServiceLinks")).as(name).isEqualTo(false);
			Map<String, Object> podSecurity = map(pod, "securityContext");
			assertThat(podSecurity).as(name)
				.containsEntry("runAsNonRoot", true)
				.containsEntry("runAsUser", 10001)
				.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
			List<String> mounts = new ArrayList<>();
			for (Map<String, Object> container : containers(workload)) {
				Map<String, Object> security = map(container, "securityContext");
				assertThat(security).as(name)
					.containsEntry("runAsNonRoot", true)
					.containsEntry("runAsUser", 10001)
					.containsEntry("readOnlyRootFilesystem", true)
					.containsEntry("allowPrivilegeEscalation", false)
					.containsEntry("capabilities", Map.of("drop", List.of("ALL")));
				assertThat(map(map(container, "resources"), "requests")).as(name).containsKeys("cpu", "memory");
				assertThat(map(map(container, "resources"), "limits")).as(name).containsKeys("cpu", "memory");
				list(container, "volumeMounts").forEach((mount) -> mounts.add((String) mount.get("mountPath")));
				assertThat(container.get("image")).as(name).asString().startsWith("microsys-sso-provider");
				assertThat(list(container, "envFrom")).as(name + " configuration")
					.anySatisfy((from) -> assertThat(from).containsKey("configMapRef"))
					.anySatisfy((from) -> assertThat(from).containsEntry("secretRef", Map.of("name", "microsys-sso")));
			}
			assertThat(mounts).as(name + ": writable folders on a read-only root").contains("/tmp");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "ha" })
	void deploymentWhenRenderedThenProbesTheManagementPortAndStopsGracefully(String overlay) throws Exception {
		Map<String, Object> deployment = only(render(overlay), "Deployment");
		Map<String, Object> container = containers(deployment).get(0);

		assertThat(probe(container, "livenessProbe")).isEqualTo("/actuator/health/liveness:" + MANAGEMENT_PORT);
		assertThat(probe(container, "readinessProbe")).isEqualTo("/actuator/health/readiness:" + MANAGEMENT_PORT);
		assertThat(probe(container, "startupProbe")).endsWith(":" + MANAGEMENT_PORT);
		assertThat(list(container, "ports")).extracting((port) -> port.get("containerPort"))
			.containsExactlyInAnyOrder(9000, 9001);
		int preStop = (Integer) map(map(map(container, "lifecycle"), "preStop"), "sleep").get("seconds");
		assertThat(preStop).as("endpoints drop the pod before SIGTERM").isPositive();
		assertThat((Integer) podSpec(deployment).get("terminationGracePeriodSeconds"))
			.isGreaterThan(preStop + SHUTDOWN_PHASE_SECONDS);
		Map<String, Object> rolling = map(map(map(deployment, "spec"), "strategy"), "rollingUpdate");
		assertThat(rolling).containsEntry("maxUnavailable", 0);
	}

	@Test
	void haWhenRenderedThenTwoPodsOrMoreOnSeparateNodesRollOneAtATimeAfterTheMigration() throws Exception {
		List<Map<String, Object>> objects = render("ha");
		Map<String, Object> deployment = only(objects, "Deployment");
		Map<String, Object> spec = map(deployment, "spec");
		Map<String, Object> podLabels = map(map(map(spec, "template"), "metadata"), "labels");

		assertThat((Integer) spec.get("replicas")).isGreaterThanOrEqualTo(2);
		assertThat(map(spec, "strategy")).containsEntry("type", "RollingUpdate")
			.containsEntry("rollingUpdate", Map.of("maxUnavailable", 0, "maxSurge", 1));
		assertThat(list(podSpec(deployment), "topologySpreadConstraints"))
			.anySatisfy((constraint) -> assertThat(constraint).containsEntry("topologyKey", "kubernetes.io/hostname")
				.containsEntry("whenUnsatisfiable", "DoNotSchedule"));

		Map<String, Object> budget = map(only(objects, "PodDisruptionBudget"), "spec");
		assertThat((Integer) budget.get("minAvailable")).isGreaterThanOrEqualTo(1);
		assertThat(podLabels).containsAllEntriesOf(matchLabels(map(budget, "selector")));

		Map<String, Object> autoscaler = map(only(objects, "HorizontalPodAutoscaler"), "spec");
		assertThat((Integer) autoscaler.get("minReplicas")).isGreaterThanOrEqualTo(2);
		assertThat((Integer) autoscaler.get("maxReplicas")).isGreaterThan((Integer) autoscaler.get("minReplicas"));
		assertThat(map(autoscaler, "scaleTargetRef")).containsEntry("kind", "Deployment")
			.containsEntry("name", name(deployment));

		Map<String, Object> job = only(objects, "Job");
		Map<String, Object> migrate = containers(job).get(0);
		Map<String, Object> provider = containers(deployment).get(0);
		assertThat(list(migrate, "args")).isEqualTo(List.of("--migrate"));
		assertThat(migrate.get("image")).isEqualTo(provider.get("image"));
		assertThat(migrate.get("envFrom")).isEqualTo(provider.get("envFrom"));
		assertThat(podSpec(job)).containsEntry("restartPolicy", "Never");

		assertThat(objects).as("what README's `apply -l app.kubernetes.io/component=config` and `=migration` select")
			.filteredOn((object) -> List.of("config", "migration")
				.contains(map(map(object, "metadata"), "labels").get("app.kubernetes.io/component")))
			.extracting((object) -> object.get("kind"))
			.containsExactlyInAnyOrder("ConfigMap", "Job");

		Map<String, String> config = configMap(objects);
		assertThat(config.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:mysql://");
		assertThat(config).doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "ha" })
	void overlayWhenRenderedThenServiceIngressAndMonitoringMeetTheProvider(String overlay) throws Exception {
		List<Map<String, Object>> objects = render(overlay);
		Map<String, Object> deployment = only(objects, "Deployment");
		Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
		Map<String, Object> service = only(objects, "Service");
		Map<String, Object> serviceSpec = map(service, "spec");

		assertThat(podLabels).containsAllEntriesOf(map(serviceSpec, "selector"));
		assertThat(list(serviceSpec, "ports")).extracting((port) -> port.get("name") + ":" + port.get("targetPort"))
			.containsExactlyInAnyOrder("http:http", "management:management");

		Map<String, Object> ingress = map(only(objects, "Ingress"), "spec");
		Map<String, Object> rule = list(ingress, "rules").get(0);
		assertThat(list(ingress, "tls").get(0).get("hosts")).isEqualTo(List.of(rule.get("host")));
		Map<String, Object> backend = map(map(list(map(rule, "http"), "paths").get(0), "backend"), "service");
		assertThat(backend).containsEntry("name", name(service)).containsEntry("port", Map.of("name", "http"));

		Map<String, String> config = configMap(objects);
		assertThat(config).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(MANAGEMENT_PORT))
			.containsKeys("MICROSYS_SSO_ISSUER", "MICROSYS_SSO_TRUSTED_PROXIES", "JDK_JAVA_OPTIONS");
		assertThat(config.get("MICROSYS_SSO_ISSUER")).startsWith("https://" + rule.get("host") + "/");

		for (Map<String, Object> monitor : all(objects, "ServiceMonitor")) {
			Map<String, Object> monitorSpec = map(monitor, "spec");
			assertThat(map(service, "metadata")).extractingByKey("labels")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsAllEntriesOf(matchLabels(map(monitorSpec, "selector")));
			assertThat(list(monitorSpec, "endpoints")).singleElement()
				.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "management")
					.containsEntry("path", "/actuator/prometheus"));
		}
		if (overlay.equals("ha")) {
			assertThat(all(objects, "ServiceMonitor")).hasSize(1);
		}
		Map<String, Object> policy = map(only(objects, "NetworkPolicy"), "spec");
		assertThat(list(policy, "ingress")).flatExtracting((entry) -> list(entry, "ports"))
			.extracting((port) -> port.get("port"))
			.containsExactlyInAnyOrder("http", "management");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "ha" })
	void overlayWhenRenderedThenCarriesNoSecret(String overlay) throws Exception {
		assertThat(render(overlay)).extracting((object) -> object.get("kind")).doesNotContain("Secret");
	}

	@Test
	void secretExampleWhenReadThenValidAndEveryValueAnObviousPlaceholderTheProviderRefuses() throws Exception {
		Map<String, Object> secret = load(Files.readString(KUBERNETES.resolve("base/secret.example.yaml"))).get(0);
		Map<String, Object> base = load(Files.readString(KUBERNETES.resolve("base/kustomization.yaml"))).get(0);
		assertThat(KubernetesManifestsTests.<List<String>>cast(base.get("resources"))).as("an example, never applied").doesNotContain("secret.example.yaml");

		Result result = validate(List.of(secret));

		assertThat(result.status()).as(result.output()).isZero();
		assertThat(name(secret)).isEqualTo("microsys-sso");
		assertThat(secret).doesNotContainKey("data");
		Map<String, Object> values = map(secret, "stringData");
		assertThat(values).containsOnlyKeys("MICROSYS_SSO_MASTER_KEY", "SPRING_DATASOURCE_PASSWORD");
		values.forEach((key, value) -> assertThat((String) value).as(key).startsWith("CHANGE-ME-"));
		String masterKey = (String) values.get("MICROSYS_SSO_MASTER_KEY");
		assertThat(isProviderMasterKey(masterKey)).as("the provider refuses it at start").isFalse();
		assertThat(isProviderMasterKey(Base64.getEncoder().encodeToString(new byte[32]))).isTrue();
	}

	/** As the provider's MasterKey reads a key: Base64 of exactly 32 bytes. */
	private static boolean isProviderMasterKey(String value) {
		try {
			return Base64.getDecoder().decode(value.strip()).length == 32;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String probe(Map<String, Object> container, String kind) {
		Map<String, Object> get = map(map(container, kind), "httpGet");
		Object port = get.get("port");
		if (port instanceof String name) {
			port = list(container, "ports").stream()
				.filter((candidate) -> name.equals(candidate.get("name")))
				.map((candidate) -> candidate.get("containerPort"))
				.findFirst()
				.orElseThrow(() -> new AssertionError(kind + " names no port of the container: " + name));
		}
		return get.get("path") + ":" + port;
	}

	private static List<Map<String, Object>> render(String overlay) throws IOException, InterruptedException {
		Path directory = KUBERNETES.resolve("overlays").resolve(overlay);
		Result result = run(List.of(kubectl(), "kustomize", directory.toString()), 60);
		assertThat(result.status()).as("kubectl kustomize " + overlay + ":\n" + result.output()).isZero();
		return load(result.output());
	}

	private static String kubectl() {
		for (String candidate : List.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		return "kubectl";
	}

	private static List<Map<String, Object>> load(String yaml) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				objects.add(cast(document));
			}
		}
		return objects;
	}

	private static Result validate(List<Map<String, Object>> objects) throws IOException, InterruptedException {
		Path file = Files.createTempFile(work, "objects", ".json");
		Files.writeString(file, Json.write(objects));
		return run(List.of("node", VALIDATOR.resolve("validate.mjs").toString(), file.toString()), 60);
	}

	private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(command.get(0) + " is needed (kubectl 1.27+ with its kustomize, Node 18+): "
					+ ex.getMessage(), ex);
		}
		process.getOutputStream().close();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail(String.join(" ", command) + " took more than " + seconds + " s");
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
		List<Map<String, Object>> found = all(objects, kind);
		assertThat(found).as(kind).hasSize(1);
		return found.get(0);
	}

	private static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
		return objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	private static Map<String, String> configMap(List<Map<String, Object>> objects) {
		Map<String, String> data = new LinkedHashMap<>();
		map(only(objects, "ConfigMap"), "data").forEach((key, value) -> data.put(key, String.valueOf(value)));
		return data;
	}

	private static String name(Map<String, Object> object) {
		return (String) map(object, "metadata").get("name");
	}

	private static Map<String, Object> podSpec(Map<String, Object> workload) {
		return map(map(map(workload, "spec"), "template"), "spec");
	}

	private static List<Map<String, Object>> containers(Map<String, Object> workload) {
		return list(podSpec(workload), "containers");
	}

	private static Map<String, Object> matchLabels(Map<String, Object> selector) {
		return map(selector, "matchLabels");
	}

	private static Map<String, Object> map(Map<String, Object> object, String key) {
		Object value = object.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return cast(value);
	}

	private static List<Map<String, Object>> list(Map<String, Object> object, String key) {
		Object value = object.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		return cast(value);
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

	private static Map<String, Object> copy(Map<String, Object> object) {
		return load(new Yaml().dump(object)).get(0);
	}

	private record Result(int status, String output) {
	}

	/** JSON for what SnakeYAML reads: maps, lists, strings, numbers, booleans and null. */
	private static final class Json {

		static String write(Object value) {
			StringBuilder json = new StringBuilder();
			write(value, json);
			return json.toString();
		}

		private static void write(Object value, StringBuilder json) {
			if (value instanceof Map<?, ?> map) {
				json.append('{');
				String separator = "";
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					json.append(separator);
					string(String.valueOf(entry.getKey()), json);
					json.append(':');
					write(entry.getValue(), json);
					separator = ",";
				}
				json.append('}');
			}
			else if (value instanceof List<?> list) {
				json.append('[');
				for (int i = 0; i < list.size(); i++) {
					json.append((i > 0) ? "," : "");
					write(list.get(i), json);
				}
				json.append(']');
			}
			else if (value instanceof Number || value instanceof Boolean || value == null) {
				json.append(Objects.toString(value));
			}
			else {
				string(value.toString(), json);
			}
		}

		private static void string(String text, StringBuilder json) {
			json.append('"');
			for (char c : text.toCharArray()) {
				switch (c) {
					case '"' -> json.append("\\\"");
					case '\\' -> json.append("\\\\");
					default -> {
						if (c < 0x20) {
							json.append(String.format("\\u%04x", (int) c));
						}
						else {
							json.append(c);
						}
					}
				}
			}
			json.append('"');
		}

	}

}
