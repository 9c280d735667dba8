package io.microsys.sso.provider.setup.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import io.microsys.sso.provider.support.Language;

/**
 * Reads the bootstrap YAML strictly into a {@link BootstrapFile}: plain maps and lists only
 * ({@link SafeConstructor}), only the keys of the documented format, each with its type, defaults
 * applied. Problems name the entry's position ({@code users[2]}) and, when known, its natural key; a
 * value that could be a password, hash or secret is never quoted.
 */
final class BootstrapParser {

	static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "refresh_token");

	static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");

	private static final Set<String> TOP_KEYS = Set.of("scopes", "users", "clients", "memberships");

	private static final Set<String> SCOPE_KEYS = Set.of("name", "description");

	private static final Set<String> USER_KEYS = Set.of("username", "email", "password", "password_hash",
			"first_name", "last_name", "scope", "language", "staff", "superuser", "active");

	private static final Set<String> CLIENT_KEYS = Set.of("client_id", "name", "secret", "redirect_uris",
			"post_logout_redirect_uris", "backchannel_logout_uri", "grant_types", "scopes", "policy");

	private static final Set<String> POLICY_KEYS = Set.of("active", "allow_all_authenticated", "require_pkce",
			"require_consent", "require_https_redirects", "allow_localhost_redirects", "require_2fa", "allow_par",
			"require_par", "allow_dpop", "require_dpop", "app_admins_appoint_admins");

	private static final Set<String> MEMBERSHIP_KEYS = Set.of("client", "user", "role", "active");

	private BootstrapParser() {
	}

	/** Parses the file's content; throws {@link BootstrapProblem} naming the first problem. */
	static BootstrapFile parse(String yaml) {
		Object root = load(yaml);
		if (root == null) {
			return new BootstrapFile(List.of(), List.of(), List.of(), List.of());
		}
		Map<String, Object> top = map(root, "the file");
		checkKeys(top, TOP_KEYS, "the file");
		return new BootstrapFile(entries(top, "scopes", BootstrapParser::scope),
				entries(top, "users", BootstrapParser::user), entries(top, "clients", BootstrapParser::client),
				entries(top, "memberships", BootstrapParser::membership));
	}

	private static Object load(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(20);
		try {
			return new Yaml(new SafeConstructor(options)).load(yaml);
		}
		catch (MarkedYAMLException ex) {
			// getMessage() would add a snippet of the file, which may hold a password
			Mark mark = ex.getProblemMark();
			String where = (mark != null) ? " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
					: "";
			String problem = (ex.getProblem() != null) ? ex.getProblem() : ex.getContext();
			throw new BootstrapProblem("the file is not valid YAML" + where + ": " + problem);
		}
		catch (YAMLException ex) {
			String problem = String.valueOf(ex.getMessage()).lines().findFirst().orElse("syntax error");
			throw new BootstrapProblem("the file is not valid YAML: " + problem);
		}
	}

	private static BootstrapFile.ScopeEntry scope(String position, Map<String, Object> entry) {
		String label = position + named(entry, "name", "name");
		checkKeys(entry, SCOPE_KEYS, label);
		return new BootstrapFile.ScopeEntry(label, required(entry, "name", label), text(entry, "description", label));
	}

	private static BootstrapFile.UserEntry user(String position, Map<String, Object> entry) {
		String label = position + named(entry, "username", "username");
		checkKeys(entry, USER_KEYS, label);
		return new BootstrapFile.UserEntry(label, required(entry, "username", label), text(entry, "email", label),
				secret(entry, "password", label), secret(entry, "password_hash", label),
				text(entry, "first_name", label), text(entry, "last_name", label), text(entry, "scope", label),
				orDefault(text(entry, "language", label), Language.ENGLISH.code()), bool(entry, "staff", false, label),
				bool(entry, "superuser", false, label), bool(entry, "active", true, label));
	}

	private static BootstrapFile.ClientEntry client(String position, Map<String, Object> entry) {
		String label = position + named(entry, "client_id", "client id");
		checkKeys(entry, CLIENT_KEYS, label);
		String policyLabel = label + ".policy";
		Map<String, Object> policy = (entry.get("policy") != null) ? map(entry.get("policy"), policyLabel) : Map.of();
		checkKeys(policy, POLICY_KEYS, policyLabel);
		boolean requirePar = bool(policy, "require_par", false, policyLabel);
		boolean requireDpop = bool(policy, "require_dpop", false, policyLabel);
		return new BootstrapFile.ClientEntry(label, required(entry, "client_id", label), required(entry, "name", label),
				secret(entry, "secret", label), texts(entry, "redirect_uris", List.of(), label),
				texts(entry, "post_logout_redirect_uris", List.of(), label),
				text(entry, "backchannel_logout_uri", label),
				texts(entry, "grant_types", DEFAULT_GRANT_TYPES, label), texts(entry, "scopes", DEFAULT_SCOPES, label),
				new BootstrapFile.PolicyEntry(bool(policy, "active", true, policyLabel),
						bool(policy, "allow_all_authenticated", false, policyLabel),
						bool(policy, "require_pkce", true, policyLabel),
						bool(policy, "require_consent", false, policyLabel),
						bool(policy, "require_https_redirects", true, policyLabel),
						bool(policy, "allow_localhost_redirects", false, policyLabel),
						bool(policy, "require_2fa", false, policyLabel),
						bool(policy, "allow_par", requirePar, policyLabel), requirePar,
						bool(policy, "allow_dpop", requireDpop, policyLabel), requireDpop,
						bool(policy, "app_admins_appoint_admins", false, policyLabel)));
	}

	private static BootstrapFile.MembershipEntry membership(String position, Map<String, Object> entry) {
		String label = position;
		if (entry.get("client") instanceof String client && entry.get("user") instanceof String user) {
			label += " (client '" + client.trim() + "', user '" + user.trim() + "')";
		}
		checkKeys(entry, MEMBERSHIP_KEYS, label);
		return new BootstrapFile.MembershipEntry(label, required(entry, "client", label), required(entry, "user", label),
				required(entry, "role", label), bool(entry, "active", true, label));
	}

	private static <T> List<T> entries(Map<String, Object> top, String section,
			BiFunction<String, Map<String, Object>, T> reader) {
		Object value = top.get(section);
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new BootstrapProblem(section + ": must be a list of entries");
		}
		List<T> result = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String position = section + "[" + i + "]";
			result.add(reader.apply(position, map(list.get(i), position)));
		}
		return List.copyOf(result);
	}

	/** {@code " (username 'bob')"} when the entry has that key as text, for messages. */
	private static String named(Map<String, Object> entry, String key, String description) {
		return (entry.get(key) instanceof String value) ? " (" + description + " '" + value.trim() + "')" : "";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String label) {
		if (!(value instanceof Map<?, ?> map)) {
			throw BootstrapProblem.of(label, "must be a mapping of keys to values");
		}
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				throw BootstrapProblem.of(label, "keys must be text");
			}
		}
		return new LinkedHashMap<>((Map<String, Object>) map);
	}

	private static void checkKeys(Map<String, Object> entry, Set<String> allowed, String label) {
		for (String key : entry.keySet()) {
			if (!allowed.contains(key)) {
				throw BootstrapProblem.of(label, "unknown key '" + key + "' (allowed: "
						+ String.join(", ", allowed.stream().sorted().toList()) + ")");
			}
		}
	}

	/** Trimmed text, or null when absent or blank. */
	private static String text(Map<String, Object> entry, String key, String label) {
		Object value = entry.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw BootstrapProblem.of(label, "'" + key + "' must be text");
		}
		return text.isBlank() ? null : text.trim();
	}

	/** A password, hash or secret: read as is (not trimmed), and never quoted in a message. */
	private static String secret(Map<String, Object> entry, String key, String label) {
		Object value = entry.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || text.isEmpty()) {
			throw BootstrapProblem.of(label, "'" + key + "' must be non-empty text (put it in quotes)");
		}
		return text;
	}

	private static String required(Map<String, Object> entry, String key, String label) {
		String value = text(entry, key, label);
		if (value == null) {
			throw BootstrapProblem.of(label, "'" + key + "' is required");
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
			throw BootstrapProblem.of(label, "'" + key + "' must be true or false");
		}
		return flag;
	}

	private static List<String> texts(Map<String, Object> entry, String key, List<String> fallback, String label) {
		Object value = entry.get(key);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof List<?> list)) {
			throw BootstrapProblem.of(label, "'" + key + "' must be a list");
		}
		List<String> result = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String text) || text.isBlank()) {
				throw BootstrapProblem.of(label, "'" + key + "' must be a list of non-empty text");
			}
			result.add(text.trim());
		}
		return List.copyOf(result);
	}

}
