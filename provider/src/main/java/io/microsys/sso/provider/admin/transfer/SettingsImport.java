package io.microsys.sso.provider.admin.transfer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.admin.transfer.ImportPlan.Change;
import io.microsys.sso.provider.admin.transfer.ImportPlan.Item;
import io.microsys.sso.provider.admin.transfer.ImportPlan.Mode;
import io.microsys.sso.provider.admin.transfer.ImportPlan.Outcome;
import io.microsys.sso.provider.admin.transfer.TransferDocument.AppItem;
import io.microsys.sso.provider.admin.transfer.TransferDocument.GroupItem;
import io.microsys.sso.provider.admin.transfer.TransferDocument.MembershipItem;
import io.microsys.sso.provider.admin.transfer.TransferDocument.ScopeItem;
import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.logout.AppAccessEnd;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.RandomTokens;

/**
 * Imports an export document ({@link TransferFormat}): reads it strictly, checks all of it against
 * the rules and the database (apps through {@link ClientRules}, as the bootstrap and the console check them), works out
 * what it would do to each object ({@link ImportPlan}), and, when applied, does exactly that in one
 * transaction, checking and planning again inside it. A document with any problem changes nothing
 * ({@link ImportProblems}). An import never deletes: objects the document leaves out stay.
 * Secrets never travel: a secret setting keeps its stored value, a confidential app created by the
 * import gets a secret nobody knows (an operator generates one on the app's page), and people are
 * named by username, never created.
 */
@Service
public class SettingsImport {

	/** The largest document accepted. */
	public static final int MAX_BYTES = 5 * 1024 * 1024;

	private static final Pattern SETTING_KEY = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	private static final int SETTING_VALUE_MAX = 1000;

	/** Usernames looked up per query. */
	private static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final StoredSettings settings;

	private final ClientRepository clients;

	private final PasswordEncoder passwordEncoder;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	private final AppAccessEnd accessEnd;

	SettingsImport(JdbcClient jdbc, StoredSettings settings, ClientRepository clients, PasswordEncoder passwordEncoder,
			AdminPolicy policy, AccessGuard guard, ApplicationEventPublisher events, Clock clock,
			PlatformTransactionManager transactionManager, AppAccessEnd accessEnd) {
		this.accessEnd = accessEnd;
		this.jdbc = jdbc;
		this.settings = settings;
		this.clients = clients;
		this.passwordEncoder = passwordEncoder;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * What importing {@code content} would do; changes nothing.
	 * @param actor who asks, or null for the command line (whoever runs it holds the database)
	 * @throws ImportProblems when the document cannot be applied
	 */
	public ImportPlan preview(Actor actor, byte[] content, Mode mode) {
		require(actor);
		TransferDocument document = ImportReader.read(content, MAX_BYTES);
		return this.readOnly.execute((status) -> plan(document, mode, new State(this)));
	}

	/**
	 * Imports {@code content} in one transaction: checked and planned again inside it, then every
	 * new object created and, with {@link Mode#OVERWRITE}, every changed one updated.
	 * @param actor who imports, or null for the command line
	 * @throws ImportProblems when the document cannot be applied; nothing is changed then
	 */
	public ImportPlan apply(Actor actor, byte[] content, Mode mode) {
		require(actor);
		TransferDocument document = ImportReader.read(content, MAX_BYTES);
		ImportPlan plan = this.transaction.execute((status) -> {
			this.settings.forget();
			State state = new State(this);
			ImportPlan planned = plan(document, mode, state);
			write(document, planned, state, (actor != null) ? actor.uuid() : null);
			this.events.publishEvent(new SettingsImported(actor, mode, planned));
			return planned;
		});
		this.settings.forget();
		return plan;
	}

	private void require(Actor actor) {
		if (actor != null) {
			this.guard.require(actor, this.policy.mayImportSettings(actor), null);
		}
	}

	/** What is stored now, of the objects a document can name. */
	private static final class State {

		final Map<String, String> settings;

		final Map<String, Row> scopes = new HashMap<>();

		final Map<String, Row> groups = new HashMap<>();

		final Map<String, SsoClient> apps = new HashMap<>();

		final Map<String, Long> users = new HashMap<>();

		/** {@code clientId \n usernameKey} to role and active. */
		final Map<String, String[]> memberships = new HashMap<>();

		private final SettingsImport owner;

		State(SettingsImport owner) {
			this.owner = owner;
			this.settings = owner.settings.all();
			owner.jdbc.sql("SELECT id, name_key, name, description FROM sso_scope").query((rs) -> {
				this.scopes.put(rs.getString(2), new Row(rs.getLong(1), rs.getString(3), rs.getString(4), new TreeSet<>()));
			});
			owner.jdbc.sql("SELECT id, name_key, name, description FROM sso_group").query((rs) -> {
				this.groups.put(rs.getString(2), new Row(rs.getLong(1), rs.getString(3), rs.getString(4), new TreeSet<>()));
			});
			Map<Long, Row> groupsById = new HashMap<>();
			this.groups.values().forEach((row) -> groupsById.put(row.id(), row));
			owner.jdbc.sql("SELECT group_id, permission FROM sso_group_permission").query((rs) -> {
				Row group = groupsById.get(rs.getLong(1));
				if (group != null) {
					group.permissions().add(rs.getString(2));
				}
			});
		}

		Optional<SsoClient> app(String clientId) {
			return Optional.ofNullable(this.apps.computeIfAbsent(clientId,
					(id) -> this.owner.clients.findByClientId(id).orElse(null)));
		}

		/** Reads the accounts and memberships of these usernames, a batch at a time. */
		void people(Set<String> usernameKeys) {
			List<String> keys = new ArrayList<>(usernameKeys);
			for (int from = 0; from < keys.size(); from += BATCH) {
				List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
				this.owner.jdbc.sql("SELECT id, username_key FROM sso_user WHERE username_key IN (:keys)")
					.param("keys", batch)
					.query((rs) -> {
						this.users.put(rs.getString(2), rs.getLong(1));
					});
				this.owner.jdbc
					.sql("SELECT c.client_id, u.username_key, m.role, m.active FROM sso_membership m "
							+ "JOIN sso_client c ON c.id = m.client_id JOIN sso_user u ON u.id = m.user_id "
							+ "WHERE u.username_key IN (:keys)")
					.param("keys", batch)
					.query((rs) -> {
						this.memberships.put(rs.getString(1) + "\n" + rs.getString(2),
								new String[] { rs.getString(3).toLowerCase(Locale.ROOT), String.valueOf(rs.getBoolean(4)) });
					});
			}
		}

	}

	/** A stored scope or group. */
	private record Row(long id, String name, String description, Set<String> permissions) {
	}

	/** Checks the whole document against the rules and {@code state}, then plans each object. */
	private ImportPlan plan(TransferDocument document, Mode mode, State state) {
		List<String> problems = new ArrayList<>();
		List<Item> items = new ArrayList<>();
		List<String> toReEnter = new ArrayList<>();
		for (Map.Entry<String, String> setting : document.settings().entrySet()) {
			planSetting(setting.getKey(), setting.getValue(), mode, state, items, toReEnter, problems);
		}
		Set<String> seen = new HashSet<>();
		for (ScopeItem scope : document.scopes()) {
			planScope(scope, mode, state, items, seen, problems);
		}
		seen.clear();
		for (GroupItem group : document.groups()) {
			planGroup(group, mode, state, items, seen, problems);
		}
		seen.clear();
		List<String> needSecret = new ArrayList<>();
		for (AppItem app : document.apps()) {
			planApp(app, mode, state, items, seen, needSecret, problems);
		}
		if (document.memberships() != null) {
			planMemberships(document, mode, state, items, seen, problems);
		}
		if (!problems.isEmpty()) {
			throw new ImportProblems(problems);
		}
		return new ImportPlan(mode, List.copyOf(items), List.copyOf(needSecret), List.copyOf(toReEnter));
	}

	private static void planSetting(String key, String value, Mode mode, State state, List<Item> items,
			List<String> toReEnter, List<String> problems) {
		String path = "$.settings." + key;
		if (!SETTING_KEY.matcher(key).matches()) {
			problems.add(path + ": a setting key is 1 to 100 letters, digits or . _ -");
			return;
		}
		if (StoredSettings.isSecret(key)) {
			if (!TransferFormat.PLACEHOLDER.equals(value)) {
				problems.add(path + ": a secret setting is not imported; leave the placeholder and enter the value "
						+ "on the settings page after the import");
				return;
			}
			toReEnter.add(key);
			items.add(new Item("setting", key, Outcome.SKIPPED, List.of(), "secret"));
			return;
		}
		if (TransferFormat.PLACEHOLDER.equals(value)) {
			problems.add(path + ": only secret settings hold the placeholder");
			return;
		}
		if (value.length() > SETTING_VALUE_MAX) {
			problems.add(path + ": is longer than " + SETTING_VALUE_MAX + " characters");
			return;
		}
		String before = state.settings.get(key);
		if (before == null) {
			items.add(new Item("setting", key, Outcome.NEW, List.of(new Change("value", null, value)), null));
		}
		else {
			List<Change> changes = before.equals(value) ? List.of() : List.of(new Change("value", before, value));
			items.add(existing("setting", key, changes, mode));
		}
	}

	/** An object that exists: unchanged, changed (overwrite) or skipped with its differences shown. */
	private static Item existing(String kind, String name, List<Change> changes, Mode mode) {
		if (changes.isEmpty()) {
			return new Item(kind, name, Outcome.UNCHANGED, changes, null);
		}
		return (mode == Mode.OVERWRITE) ? new Item(kind, name, Outcome.CHANGED, changes, null)
				: new Item(kind, name, Outcome.SKIPPED, changes, "exists");
	}

	private static void planScope(ScopeItem scope, Mode mode, State state, List<Item> items, Set<String> seen,
			List<String> problems) {
		if (scope.name() == null) {
			return;
		}
		if (!nameAndDescription(scope.path(), scope.name(), scope.description(), problems)) {
			return;
		}
		if (!seen.add(Scope.key(scope.name()))) {
			problems.add(scope.path() + ": scope '" + scope.name() + "' is listed twice");
			return;
		}
		Row stored = state.scopes.get(Scope.key(scope.name()));
		if (stored == null) {
			items.add(new Item("scope", scope.name(), Outcome.NEW, List.of(), null));
			return;
		}
		List<Change> changes = new ArrayList<>();
		differ(changes, "description", stored.description(), scope.description());
		items.add(existing("scope", scope.name(), changes, mode));
	}

	private static boolean nameAndDescription(String path, String name, String description, List<String> problems) {
		boolean ok = true;
		if (name.length() > 150) {
			problems.add(path + ".name: is longer than 150 characters");
			ok = false;
		}
		if (description != null && description.length() > 500) {
			problems.add(path + ".description: is longer than 500 characters");
			ok = false;
		}
		return ok;
	}

	private static void planGroup(GroupItem group, Mode mode, State state, List<Item> items, Set<String> seen,
			List<String> problems) {
		if (group.name() == null || !nameAndDescription(group.path(), group.name(), group.description(), problems)) {
			return;
		}
		boolean ok = true;
		for (String code : group.permissions()) {
			if (Permission.ofCode(code).isEmpty()) {
				problems.add(group.path() + ".permissions: unknown permission '" + code + "'");
				ok = false;
			}
		}
		String key = group.name().toLowerCase(Locale.ROOT);
		if (!seen.add(key)) {
			problems.add(group.path() + ": group '" + group.name() + "' is listed twice");
			return;
		}
		if (!ok) {
			return;
		}
		Row stored = state.groups.get(key);
		if (stored == null) {
			items.add(new Item("group", group.name(), Outcome.NEW, List.of(), null));
			return;
		}
		List<Change> changes = new ArrayList<>();
		differ(changes, "description", stored.description(), group.description());
		differ(changes, "permissions", String.join(" ", stored.permissions()),
				String.join(" ", new TreeSet<>(group.permissions())));
		items.add(existing("group", group.name(), changes, mode));
	}

	private void planApp(AppItem item, Mode mode, State state, List<Item> items, Set<String> seen,
			List<String> needSecret, List<String> problems) {
		if (item.clientId() == null) {
			return;
		}
		if (!seen.add(item.clientId())) {
			problems.add(item.path() + ": app '" + item.clientId() + "' is listed twice");
			return;
		}
		Optional<SsoClient> stored = state.app(item.clientId());
		// The app as it would be: the stored one (or a new one) with the document's fields on it.
		SsoClient after = new SsoClient(item.clientId(), "");
		stored.ifPresent((app) -> copy(app, after));
		setFields(item, after);
		Optional<String> problem = appProblem(item.path(), after, item.confidential());
		if (problem.isEmpty() && after.getDescription() != null
				&& after.getDescription().length() > ClientRules.DESCRIPTION_MAX) {
			problem = Optional.of(item.path() + ".description: longer than " + ClientRules.DESCRIPTION_MAX + " characters");
		}
		if (problem.isEmpty() && after.getLogoUrl() != null && !RuntimeSettings.Branding.isLogoUrl(after.getLogoUrl())) {
			problem = Optional.of(item.path() + ".logo_url: not an https address of an image");
		}
		if (problem.isPresent()) {
			problems.add(problem.get());
			return;
		}
		if (stored.isEmpty()) {
			items.add(new Item("app", item.clientId(), Outcome.NEW, List.of(), null));
			if (item.confidential()) {
				needSecret.add(item.clientId());
			}
			return;
		}
		SsoClient app = stored.get();
		List<Change> changes = new ArrayList<>();
		differ(changes, TransferFormat.APP_CONFIDENTIAL, String.valueOf(!app.isPublicClient()),
				String.valueOf(item.confidential()));
		for (TransferFormat.Field<SsoClient> field : TransferFormat.APP_FIELDS) {
			differ(changes, field.key(), show(field.read().apply(app)), show(field.read().apply(after)));
		}
		for (TransferFormat.Field<ClientPolicy> field : TransferFormat.POLICY_FIELDS) {
			differ(changes, "policy." + field.key(), show(field.read().apply(app.getPolicy())),
					show(field.read().apply(after.getPolicy())));
		}
		Item planned = existing("app", item.clientId(), changes, mode);
		items.add(planned);
		if (planned.outcome() == Outcome.CHANGED && app.isPublicClient() && item.confidential()) {
			needSecret.add(item.clientId());
		}
	}

	private static void copy(SsoClient from, SsoClient to) {
		for (TransferFormat.Field<SsoClient> field : TransferFormat.APP_FIELDS) {
			field.write().accept(to, field.read().apply(from));
		}
		for (TransferFormat.Field<ClientPolicy> field : TransferFormat.POLICY_FIELDS) {
			field.write().accept(to.getPolicy(), field.read().apply(from.getPolicy()));
		}
	}

	/** Sets the fields the document gives; the others keep their value. */
	private static void setFields(AppItem item, SsoClient app) {
		for (TransferFormat.Field<SsoClient> field : TransferFormat.APP_FIELDS) {
			if (item.fields().containsKey(field.key())) {
				field.write().accept(app, item.fields().get(field.key()));
			}
		}
		for (TransferFormat.Field<ClientPolicy> field : TransferFormat.POLICY_FIELDS) {
			if (item.policy().containsKey(field.key())) {
				field.write().accept(app.getPolicy(), item.policy().get(field.key()));
			}
		}
	}

	private static String show(Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof List<?> list) ? String.join(" ", list.stream().map(String::valueOf).toList())
				: String.valueOf(value);
	}

	private void planMemberships(TransferDocument document, Mode mode, State state, List<Item> items,
			Set<String> appsInDocument, List<String> problems) {
		Set<String> keys = new HashSet<>();
		for (MembershipItem membership : document.memberships()) {
			if (membership.username() != null) {
				keys.add(SsoUser.key(membership.username()));
			}
		}
		state.people(keys);
		Set<String> pairs = new HashSet<>();
		for (MembershipItem membership : document.memberships()) {
			if (membership.app() == null || membership.username() == null || membership.role() == null) {
				continue;
			}
			String name = membership.app() + " / " + membership.username();
			String role;
			try {
				role = MembershipRole.fromClaimValue(membership.role()).claimValue();
			}
			catch (IllegalArgumentException ex) {
				problems.add(membership.path() + ".role: must be admin, staff or user");
				continue;
			}
			if (!appsInDocument.contains(membership.app()) && state.app(membership.app()).isEmpty()) {
				problems.add(membership.path() + ".app: unknown app '" + membership.app() + "'");
				continue;
			}
			String userKey = SsoUser.key(membership.username());
			if (!pairs.add(membership.app() + "\n" + userKey)) {
				problems.add(membership.path() + ": '" + membership.username() + "' is given a role in '"
						+ membership.app() + "' twice");
				continue;
			}
			if (!state.users.containsKey(userKey)) {
				items.add(new Item("membership", name, Outcome.SKIPPED, List.of(), "unknown-user"));
				continue;
			}
			String[] stored = state.memberships.get(membership.app() + "\n" + userKey);
			if (stored == null) {
				items.add(new Item("membership", name, Outcome.NEW, List.of(new Change("role", null, role)), null));
				continue;
			}
			List<Change> changes = new ArrayList<>();
			differ(changes, "role", stored[0], role);
			differ(changes, "active", stored[1], String.valueOf(membership.active()));
			items.add(existing("membership", name, changes, mode));
		}
	}

	private static void differ(List<Change> changes, String field, String before, String after) {
		if (!Objects.equals(before, after)) {
			changes.add(new Change(field, before, after));
		}
	}

	/** Writes what {@code plan} says, in its order: new objects, and changed ones when overwriting. */
	private void write(TransferDocument document, ImportPlan plan, State state, String changedBy) {
		Map<String, Item> byKey = new HashMap<>();
		plan.items().forEach((item) -> byKey.put(item.kind() + "\n" + item.name(), item));
		for (Map.Entry<String, String> setting : document.settings().entrySet()) {
			if (writes(byKey.get("setting\n" + setting.getKey()))) {
				this.settings.put(setting.getKey(), setting.getValue(), changedBy);
			}
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		for (ScopeItem scope : document.scopes()) {
			Item item = byKey.get("scope\n" + scope.name());
			if (item != null && item.outcome() == Outcome.NEW) {
				this.jdbc.sql("INSERT INTO sso_scope (name, name_key, description, created_at, updated_at) "
						+ "VALUES (:name, :key, :description, :now, :now)")
					.param("name", scope.name())
					.param("key", Scope.key(scope.name()))
					.param("description", scope.description())
					.param("now", now)
					.update();
			}
			else if (item != null && item.outcome() == Outcome.CHANGED) {
				this.jdbc.sql("UPDATE sso_scope SET description = :description, updated_at = :now, version = version + 1 "
						+ "WHERE name_key = :key")
					.param("description", scope.description())
					.param("now", now)
					.param("key", Scope.key(scope.name()))
					.update();
			}
		}
		for (GroupItem group : document.groups()) {
			writeGroup(group, byKey.get("group\n" + group.name()), state, now);
		}
		for (AppItem app : document.apps()) {
			writeApp(app, byKey.get("app\n" + app.clientId()), state);
		}
		if (document.memberships() != null) {
			for (MembershipItem membership : document.memberships()) {
				writeMembership(membership, byKey.get("membership\n" + membership.app() + " / " + membership.username()),
						state, now);
			}
		}
	}

	private static boolean writes(Item item) {
		return item != null && (item.outcome() == Outcome.NEW || item.outcome() == Outcome.CHANGED);
	}

	private void writeGroup(GroupItem group, Item item, State state, Timestamp now) {
		if (!writes(item)) {
			return;
		}
		long id;
		if (item.outcome() == Outcome.NEW) {
			KeyHolder key = new GeneratedKeyHolder();
			this.jdbc
				.sql("INSERT INTO sso_group (name, name_key, description, created_at, updated_at, version) "
						+ "VALUES (:name, :key, :description, :now, :now, 0)")
				.param("name", group.name())
				.param("key", group.name().toLowerCase(Locale.ROOT))
				.param("description", group.description())
				.param("now", now)
				.update(key, "id");
			id = key.getKey().longValue();
		}
		else {
			id = state.groups.get(group.name().toLowerCase(Locale.ROOT)).id();
			this.jdbc.sql("UPDATE sso_group SET description = :description, updated_at = :now, version = version + 1 "
					+ "WHERE id = :id")
				.param("description", group.description())
				.param("now", now)
				.param("id", id)
				.update();
			this.jdbc.sql("DELETE FROM sso_group_permission WHERE group_id = :id").param("id", id).update();
		}
		for (String permission : new TreeSet<>(group.permissions())) {
			this.jdbc.sql("INSERT INTO sso_group_permission (group_id, permission, created_at) VALUES (:id, :p, :now)")
				.param("id", id)
				.param("p", permission)
				.param("now", now)
				.update();
		}
	}

	/** The first rule of {@link ClientRules} the app breaks, as {@code "<path>: <problem>"}. */
	private static Optional<String> appProblem(String path, SsoClient app, boolean confidential) {
		if (!ClientRules.isClientId(app.getClientId())) {
			return Optional.of(path + ": client_id must be 1 to 100 letters, digits or . _ ~ -");
		}
		if (app.getName() != null && app.getName().length() > ClientRules.NAME_MAX) {
			return Optional.of(path + ".name: longer than " + ClientRules.NAME_MAX + " characters");
		}
		ClientRules.App rules = new ClientRules.App(confidential, app.getGrantTypes(), app.getRedirectUris(),
				app.getPostLogoutRedirectUris(), app.getBackchannelLogoutUri(), app.getScopes(), app.getPolicy());
		return ClientRules.problems(rules).stream().findFirst().map((problem) -> path + ": " + problem.text());
	}

	private void writeApp(AppItem item, Item planned, State state) {
		if (!writes(planned)) {
			return;
		}
		SsoClient app = state.app(item.clientId()).orElseGet(() -> new SsoClient(item.clientId(), ""));
		setFields(item, app);
		if (item.confidential() && app.isPublicClient()) {
			// Nobody knows this secret: the app authenticates once an operator generates one.
			app.setSecretHash(this.passwordEncoder.encode(RandomTokens.create()));
		}
		else if (!item.confidential() && !app.isPublicClient()) {
			app.setSecretHash(null);
		}
		state.apps.put(item.clientId(), this.clients.saveAndFlush(app));
	}

	private void writeMembership(MembershipItem membership, Item planned, State state, Timestamp now) {
		if (!writes(planned)) {
			return;
		}
		long userId = state.users.get(SsoUser.key(membership.username()));
		long clientPk = state.app(membership.app()).orElseThrow().getId();
		String role = MembershipRole.fromClaimValue(membership.role()).name();
		// As everywhere a membership changes: the person's version moves first (their row locked before the membership's).
		this.jdbc.sql("UPDATE sso_user SET version = version + 1 WHERE id = :user").param("user", userId).update();
		if (planned.outcome() == Outcome.NEW) {
			this.jdbc.sql("INSERT INTO sso_membership (client_id, user_id, role, active, created_at, updated_at) "
					+ "VALUES (:client, :user, :role, :active, :now, :now)")
				.param("client", clientPk)
				.param("user", userId)
				.param("role", role)
				.param("active", membership.active())
				.param("now", now)
				.update();
		}
		else {
			String[] before = state.memberships.get(membership.app() + "\n" + SsoUser.key(membership.username()));
			MembershipRole roleBefore = MembershipRole.fromClaimValue(before[0]);
			// As everywhere a membership changes: access taken away ends the person's grants and sessions there.
			boolean takenAway = MembershipRole.valueOf(role).ordinal() > roleBefore.ordinal()
					|| (Boolean.parseBoolean(before[1]) && !membership.active());
			if (takenAway) {
				String uuid = this.jdbc.sql("SELECT uuid FROM sso_user WHERE id = :id").param("id", userId)
					.query(String.class)
					.single();
				this.accessEnd.end(uuid, clientPk);
			}
			this.jdbc.sql("UPDATE sso_membership SET role = :role, active = :active, updated_at = :now "
					+ "WHERE client_id = :client AND user_id = :user")
				.param("role", role)
				.param("active", membership.active())
				.param("now", now)
				.param("client", clientPk)
				.param("user", userId)
				.update();
		}
	}

}
