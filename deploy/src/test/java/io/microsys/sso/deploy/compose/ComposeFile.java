package io.microsys.sso.deploy.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A compose file as {@code docker compose config} would see it, as far as the checks need: YAML read
 * safely, then {@code ${NAME}}, {@code ${NAME:-default}} and {@code $$} replaced with the values of
 * an env file (the {@code .env.example}, which is what a new {@code .env} starts as).
 */
final class ComposeFile {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

	private final Map<String, Object> model;

	private ComposeFile(Map<String, Object> model) {
		this.model = model;
	}

	@SuppressWarnings("unchecked")
	static ComposeFile read(Path file, Map<String, String> environment) throws IOException {
		Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
		return new ComposeFile((Map<String, Object>) interpolate(loaded, environment));
	}

	/** The {@code NAME=value} lines of an env file. */
	static Map<String, String> readEnvFile(Path file) throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("Not NAME=value in " + file + ": " + line);
			}
			values.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
		}
		return values;
	}

	static String interpolate(String value, Map<String, String> environment) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String replacement;
			if (matcher.group().equals("$$")) {
				replacement = "$";
			}
			else {
				replacement = environment.get(matcher.group(1));
				if (replacement == null || replacement.isEmpty()) {
					replacement = (matcher.group(2) != null) ? matcher.group(2) : "";
				}
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static Object interpolate(Object node, Map<String, String> environment) {
		if (node instanceof String text) {
			return interpolate(text, environment);
		}
		if (node instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, value) -> copy.put(key, interpolate(value, environment)));
			return copy;
		}
		if (node instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((item) -> copy.add(interpolate(item, environment)));
			return copy;
		}
		return node;
	}

	Map<String, Object> services() {
		return map(this.model, "services");
	}

	Map<String, Object> service(String name) {
		Map<String, Object> service = map(services(), name);
		if (service.isEmpty()) {
			throw new AssertionError("No service " + name);
		}
		return service;
	}

	/** A top-level section such as {@code volumes}, {@code secrets}, {@code networks}; empty when absent. */
	Map<String, Object> section(String name) {
		return map(this.model, name);
	}

	/** A service's environment, from its map or its list of {@code NAME=value}. */
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service.get("environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((key, value) -> environment.put(String.valueOf(key), (value != null) ? String.valueOf(value) : null));
		}
		else if (declared instanceof List<?> list) {
			for (Object item : list) {
				String entry = String.valueOf(item);
				int equals = entry.indexOf('=');
				environment.put((equals < 0) ? entry : entry.substring(0, equals), (equals < 0) ? null : entry.substring(equals + 1));
			}
		}
		return environment;
	}

	/** Names in a list, or the keys of a map (the two forms of depends_on, networks, secrets...). */
	static List<String> names(Object listOrMap) {
		List<String> names = new ArrayList<>();
		if (listOrMap instanceof Map<?, ?> map) {
			map.keySet().forEach((key) -> names.add(String.valueOf(key)));
		}
		else if (listOrMap instanceof List<?> list) {
			for (Object item : list) {
				names.add((item instanceof Map<?, ?> long_) ? String.valueOf(long_.get("source")) : String.valueOf(item));
			}
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		return (value instanceof List<?>) ? (List<Object>) value : List.of();
	}

}
