package io.microsys.sso.provider.admin.transfer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an import document strictly: JSON of at most a given size, this format and version, only
 * the documented keys, each value of its type. Every problem is collected with its JSON path, so
 * the operator sees them all at once; values are not quoted (a setting could hold anything).
 */
final class ImportReader {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** More problems than this are not listed: the document is clearly something else. */
	private static final int MAX_PROBLEMS = 100;

	private final List<String> problems = new ArrayList<>();

	private ImportReader() {
	}

	/**
	 * The document in {@code content}.
	 * @throws ImportProblems listing everything wrong with its shape
	 */
	static TransferDocument read(byte[] content, int maxBytes) {
		if (content.length > maxBytes) {
			throw new ImportProblems(List.of("the document is larger than " + (maxBytes / (1024 * 1024)) + " MB"));
		}
		if (content.length == 0) {
			throw new ImportProblems(List.of("the document is empty"));
		}
		JsonNode root;
		try {
			root = JSON.readTree(content);
		}
		catch (JacksonException ex) {
			TokenStreamLocation where = ex.getLocation();
			String at = (where != null && where.getLineNr() > 0)
					? " at line " + where.getLineNr() + ", column " + where.getColumnNr() : "";
			throw new ImportProblems(List.of("the document is not valid JSON" + at + ": " + ex.getOriginalMessage()
				.lines()
				.findFirst()
				.orElse("syntax error")));
		}
		ImportReader reader = new ImportReader();
		TransferDocument document = reader.document(root);
		if (!reader.problems.isEmpty()) {
			throw new ImportProblems(reader.problems);
		}
		return document;
	}

	private TransferDocument document(JsonNode root) {
		if (root == null || !root.isObject()) {
			problem("$", "must be a JSON object");
			return null;
		}
		keys(root, "$", TransferFormat.TOP_KEYS);
		JsonNode format = root.get(TransferFormat.KEY_FORMAT);
		if (format == null || !format.isString() || !TransferFormat.FORMAT.equals(format.stringValue())) {
			problem("$." + TransferFormat.KEY_FORMAT, "must be \"" + TransferFormat.FORMAT + "\"");
		}
		JsonNode version = root.get(TransferFormat.KEY_VERSION);
		if (version == null || !version.isIntegralNumber() || version.asLong() != TransferFormat.VERSION) {
			problem("$." + TransferFormat.KEY_VERSION, "must be " + TransferFormat.VERSION);
		}
		text(root, TransferFormat.KEY_PROVIDER, "$", false);
		text(root, TransferFormat.KEY_TIME, "$", false);
		JsonNode reEnter = root.get(TransferFormat.KEY_RE_ENTER);
		if (reEnter != null && !reEnter.isNull()) {
			String path = "$." + TransferFormat.KEY_RE_ENTER;
			if (object(reEnter, path)) {
				keys(reEnter, path, List.of(TransferFormat.RE_ENTER_SETTINGS, TransferFormat.RE_ENTER_APP_SECRETS));
				texts(reEnter, TransferFormat.RE_ENTER_SETTINGS, path);
				texts(reEnter, TransferFormat.RE_ENTER_APP_SECRETS, path);
			}
		}
		Map<String, String> settings = settings(root.get(TransferFormat.KEY_SETTINGS));
		List<TransferDocument.ScopeItem> scopes = new ArrayList<>();
		each(root, TransferFormat.KEY_SCOPES, (node, path) -> {
			keys(node, path, TransferFormat.SCOPE_KEYS);
			scopes.add(new TransferDocument.ScopeItem(path, text(node, "name", path, true),
					text(node, "description", path, false)));
		});
		List<TransferDocument.GroupItem> groups = new ArrayList<>();
		each(root, TransferFormat.KEY_GROUPS, (node, path) -> {
			keys(node, path, TransferFormat.GROUP_KEYS);
			List<String> permissions = texts(node, "permissions", path);
			groups.add(new TransferDocument.GroupItem(path, text(node, "name", path, true),
					text(node, "description", path, false),
					(permissions != null) ? new LinkedHashSet<>(permissions) : Set.of()));
		});
		List<TransferDocument.AppItem> apps = new ArrayList<>();
		each(root, TransferFormat.KEY_APPS, (node, path) -> apps.add(app(node, path)));
		List<TransferDocument.MembershipItem> memberships;
		if (root.get(TransferFormat.KEY_MEMBERSHIPS) == null || root.get(TransferFormat.KEY_MEMBERSHIPS).isNull()) {
			memberships = null;
		}
		else {
			List<TransferDocument.MembershipItem> read = new ArrayList<>();
			each(root, TransferFormat.KEY_MEMBERSHIPS, (node, path) -> {
				keys(node, path, TransferFormat.MEMBERSHIP_KEYS);
				Boolean active = flag(node, "active", path);
				read.add(new TransferDocument.MembershipItem(path, text(node, "app", path, true),
						text(node, "username", path, true), text(node, "role", path, true),
						(active != null) ? active : true));
			});
			memberships = read;
		}
		return new TransferDocument(settings, scopes, groups, apps, memberships);
	}

	private Map<String, String> settings(JsonNode node) {
		Map<String, String> settings = new TreeMap<>();
		String path = "$." + TransferFormat.KEY_SETTINGS;
		if (node == null || node.isNull() || !object(node, path)) {
			return settings;
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!entry.getValue().isString()) {
				problem(path + "." + entry.getKey(), "must be text");
			}
			else {
				settings.put(entry.getKey(), entry.getValue().stringValue());
			}
		}
		return settings;
	}

	private TransferDocument.AppItem app(JsonNode node, String path) {
		List<String> allowed = new ArrayList<>(List.of(TransferFormat.APP_ID, TransferFormat.APP_CONFIDENTIAL,
				TransferFormat.APP_POLICY));
		TransferFormat.APP_FIELDS.forEach((field) -> allowed.add(field.key()));
		keys(node, path, allowed);
		String clientId = text(node, TransferFormat.APP_ID, path, true);
		Boolean confidential = flag(node, TransferFormat.APP_CONFIDENTIAL, path);
		if (confidential == null) {
			problem(path + "." + TransferFormat.APP_CONFIDENTIAL, "is required (true or false)");
		}
		Map<String, Object> fields = values(node, path, TransferFormat.APP_FIELDS);
		Map<String, Object> policy = new LinkedHashMap<>();
		JsonNode policyNode = node.get(TransferFormat.APP_POLICY);
		String policyPath = path + "." + TransferFormat.APP_POLICY;
		if (policyNode != null && !policyNode.isNull() && object(policyNode, policyPath)) {
			keys(policyNode, policyPath, TransferFormat.POLICY_FIELDS.stream().map(TransferFormat.Field::key).toList());
			policy = values(policyNode, policyPath, TransferFormat.POLICY_FIELDS);
		}
		return new TransferDocument.AppItem(path, clientId, Boolean.TRUE.equals(confidential), fields, policy);
	}

	/** The values of {@code fields} present in {@code node}, each read as its kind. */
	private <T> Map<String, Object> values(JsonNode node, String path, List<TransferFormat.Field<T>> fields) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (TransferFormat.Field<T> field : fields) {
			String key = field.key();
			JsonNode value = node.get(key);
			if (value == null) {
				if (field.required()) {
					problem(path + "." + key, "is required");
				}
				continue;
			}
			if (value.isNull()) {
				// An optional text set to null means "none", so an overwrite clears it.
				if (field.kind() == TransferFormat.Kind.TEXT && !field.required()) {
					values.put(key, null);
				}
				else {
					problem(path + "." + key, field.required() ? "is required" : "must not be null");
				}
				continue;
			}
			switch (field.kind()) {
				case TEXT -> {
					String text = text(node, key, path, field.required());
					if (text != null || !field.required()) {
						values.put(key, text);
					}
				}
				case TEXTS -> {
					List<String> texts = texts(node, key, path);
					if (texts != null) {
						values.put(key, texts);
					}
				}
				case NUMBER -> {
					if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < field.min()
							|| value.asInt() > field.max()) {
						problem(path + "." + key, "must be a whole number from " + field.min() + " to " + field.max());
					}
					else {
						values.put(key, value.asInt());
					}
				}
				case FLAG -> {
					Boolean flag = flag(node, key, path);
					if (flag != null) {
						values.put(key, flag);
					}
				}
			}
		}
		return values;
	}

	private interface Entry {

		void read(JsonNode node, String path);

	}

	private void each(JsonNode root, String key, Entry reader) {
		JsonNode list = root.get(key);
		if (list == null || list.isNull()) {
			return;
		}
		if (!list.isArray()) {
			problem("$." + key, "must be a list");
			return;
		}
		for (int i = 0; i < list.size(); i++) {
			String path = "$." + key + "[" + i + "]";
			if (object(list.get(i), path)) {
				reader.read(list.get(i), path);
			}
		}
	}

	private boolean object(JsonNode node, String path) {
		if (!node.isObject()) {
			problem(path, "must be an object");
			return false;
		}
		return true;
	}

	private void keys(JsonNode node, String path, Collection<String> allowed) {
		for (String key : node.propertyNames()) {
			if (!allowed.contains(key)) {
				problem(path + "." + key, "unknown key (allowed here: " + String.join(", ", allowed) + ")");
			}
		}
	}

	/** Trimmed text, null when absent, null or blank (a problem when required). */
	private String text(JsonNode node, String key, String path, boolean required) {
		JsonNode value = node.get(key);
		if (value == null || value.isNull()) {
			if (required) {
				problem(path + "." + key, "is required");
			}
			return null;
		}
		if (!value.isString()) {
			problem(path + "." + key, "must be text");
			return null;
		}
		String text = value.stringValue().trim();
		if (text.isEmpty()) {
			if (required) {
				problem(path + "." + key, "must not be empty");
			}
			return null;
		}
		return text;
	}

	private List<String> texts(JsonNode node, String key, String path) {
		JsonNode value = node.get(key);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isArray()) {
			problem(path + "." + key, "must be a list of text");
			return null;
		}
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < value.size(); i++) {
			JsonNode item = value.get(i);
			if (!item.isString() || item.stringValue().isBlank()) {
				problem(path + "." + key + "[" + i + "]", "must be non-empty text");
			}
			else {
				texts.add(item.stringValue().trim());
			}
		}
		return texts;
	}

	private Boolean flag(JsonNode node, String key, String path) {
		JsonNode value = node.get(key);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isBoolean()) {
			problem(path + "." + key, "must be true or false");
			return null;
		}
		return value.booleanValue();
	}

	private void problem(String path, String what) {
		if (this.problems.size() < MAX_PROBLEMS) {
			this.problems.add(path + ": " + what);
		}
	}

}
