package io.microsys.sso.provider.settings.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the bootstrap YAML strictly: only the keys of the documented format, each with its type.
 * Problems are reported with the entry's position ({@code users[2]}) and, when known, its natural
 * key; a value that could be a secret is never quoted.
 */
final class BootstrapParser {

	private static final Set<String> TOP = Set.of("scopes", "users", "clients", "memberships");

	private static final Set<String> SCOPE_KEYS = Set.of("name", "description");

	private static final Set<String> USER_KEYS = Set.of("username", "email", "password", "password_hash",
			"first_name", "last_name", "scope", "language", "staff", "superuser", "active");

	private static final Set<String> CLIENT_KEYS = Set.of("client_id", "name", "secret", "redirect_uris",
			"post_logout_redirect_uris", "backchannel_logout_uri", "grant_types", "scopes", "policy");

	private static final Set<String> POLICY_KEYS = Set.of("active", "allow_all_authenticated", "require_pkce",
			"require_consent", "require_https_redirects", "allow_localhost_redirects");

	private static final Set<String> MEMBERSHIP_KEYS = Set.of("client", "user", "role", "active");

	private BootstrapParser() {
	}

	static BootstrapFile parse(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(20);
		Object root;
		try {
			root = new Yaml(new SafeConstructor(options)).load(yaml);
		}
		catch (YAMLException ex) {
			String problem = ex.getMessage().lines().findFirst().orElse("syntax error");
			throw new Problem("the file is not valid YAML: " + problem);
		}
		if (root == null) {
			return new BootstrapFile(List.of(), List.of(), List.of(), List.of());
		}
		Map<String, Object> top = map(root, "the file");
		checkKeys(top, TOP, "the file");
		List<BootstrapFile.ScopeEntry> scopes = new ArrayList<>();
		eachEntry(top, "scopes", (label, entry) -> {
			checkKeys(entry, SCOPE_KEYS, label);
			scopes.add(new BootstrapFile.ScopeEntry(label, required(entry, "name", label),
					string(entry, "description", label)));
		});
		List<BootstrapFile.UserEntry> users = new ArrayList<>();
		eachEntry(top, "users", (position, entry) -> {
			String label = position + named(entry, "username");
			checkKeys(entry, USER_KEYS, label);
			users.add(new BootstrapFile.UserEntry(label, required(entry, "username", label),
					string(entry, "email", label), secret(entry, "password", label),
					secret(entry, "password_hash", label), string(entry, "first_name", label),
					string(entry, "last_name", label), string(entry, "scope", label),
					orDefault(string(entry, "language", label), "en"), bool(entry, "staff", false, label),
					bool(entry, "superuser", false, label), bool(entry, "active", true, label)));
		});
		List<BootstrapFile.ClientEntry> clients = new ArrayList<>();
		eachEntry(top, "clients", (position, entry) -> {
			String label = position + named(entry, "client_id");
			checkKeys(entry, CLIENT_KEYS, label);
			Map<String, Object> policy = entry.containsKey("policy") ? map(entry.get("policy"), label + ".policy")
					: Map.of();
			checkKeys(policy, POLICY_KEYS, label + ".policy");
			String policyLabel = label + ".policy";
			clients.add(new BootstrapFile.ClientEntry(label, required(entry, "client_id", label),
					required(entry, "name", label), secret(entry, "secret", label),
					strings(entry, "redirect_uris", List.of(), label),
					strings(entry, "post_logout_redirect_uris", List.of(), label),
					string(entry, "backchannel_logout_uri", label),
					strings(entry, "grant_types", List.of("authorization_code", "refresh_token"), label),
					strings(entry, "scopes", List.of("openid", "profile", "email"), label),
					new BootstrapFile.PolicyEntry(bool(policy, "active", true, policyLabel),
							bool(policy, "allow_all_authenticated", false, policyLabel),
							bool(policy, "require_pkce", true, policyLabel),
							bool(policy, "require_consent", false, policyLabel),
							bool(policy, "require_https_redirects", true, policyLabel),
							bool(policy, "allow_localhost_redirects", false, policyLabel))));
		});
		List<BootstrapFile.MembershipEntry> memberships = new ArrayList<>();
		eachEntry(top, "memberships", (label, entry) -> {
			checkKeys(entry, MEMBERSHIP_KEYS, label);
			memberships.add(new BootstrapFile.MembershipEntry(label, required(entry, "client", label),
					required(entry, "user", label), required(entry, "role", label),
					bool(entry, "active", true, label)));
		});
		return new BootstrapFile(scopes, users, clients, memberships);
	}

	private interface EntryConsumer {

		void accept(String label, Map<String, Object> entry);

	}

	private static void eachEntry(Map<String, Object> top, String section, EntryConsumer consumer) {
		Object value = top.get(section);
		if (value == null) {
			return;
		}
		if (!(value instanceof List<?> list)) {
			throw new Problem(section + ": must be a list");
		}
		for (int i = 0; i < list.size(); i++) {
			String label = section + "[" + i + "]";
			consumer.accept(label, map(list.get(i), label));
		}
	}

	private static String named(Map<String, Object> entry, String key) {
		Object value = entry.get(key);
		return (value instanceof String name) ? " (" + key.replace("_", " ") + " '" + name + "')" : "";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String label) {
		if (!(value instanceof Map<?, ?> map)) {
			throw new Problem(label + ": must be a mapping of keys to values");
		}
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				throw new Problem(label + ": keys must be text");
			}
		}
		return new LinkedHashMap<>((Map<String, Object>) map);
	}

	private static void checkKeys(Map<String, Object> entry, Set<String> allowed, String label) {
		for (String key : entry.keySet()) {
			if (!allowed.contains(key)) {
				throw new Problem(label + ": unknown key '" + key + "' (allowed: "
						+ String.join(", ", allowed.stream().sorted().toList()) + ")");
			}
		}
	}

	private static String string(Map<String, Object> entry, String key, String label) {
		Object value = entry.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw new Problem(label + ": '" + key + "' must be text");
		}
		return text.trim().isEmpty() ? null : text.trim();
	}

	/** A secret: read as is (not trimmed), and never quoted in a message. */
	private static String secret(Map<String, Object> entry, String key, String label) {
		Object value = entry.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || text.isEmpty()) {
			throw new Problem(label + ": '" + key + "' must be non-empty text (put it in quotes)");
		}
		return text;
	}

	private static String required(Map<String, Object> entry, String key, String label) {
		String value = string(entry, key, label);
		if (value == null) {
			throw new Problem(label + ": '" + key + "' is required");
		}
		return value;
	}

	private static String orDefault(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	private static boolean bool(Map<String, Object> entry, String key, boolean fallback, String label) {
		Object value = entry.get(key);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Boolean flag)) {
			throw new Problem(label + ": '" + key + "' must be true or false");
		}
		return flag;
	}

	private static List<String> strings(Map<String, Object> entry, String key, List<String> fallback,
			String label) {
		Object value = entry.get(key);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof List<?> list)) {
			throw new Problem(label + ": '" + key + "' must be a list");
		}
		List<String> result = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String text) || text.isBlank()) {
				throw new Problem(label + ": '" + key + "' must be a list of non-empty text");
			}
			result.add(text.trim());
		}
		return result;
	}

	/** A problem found while reading; the loader adds the file name. */
	static final class Problem extends RuntimeException {

		Problem(String message) {
			super(message);
		}

	}

}
