package io.microsys.sso.provider.admin.transfer;

import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.StoredSettings;

/**
 * Writes the export document ({@link TransferFormat}) to a stream as it reads the database: the
 * settings, scopes, groups and apps (a few hundred rows at most) and, when asked, the memberships,
 * read a page at a time so a large installation never sits in memory. Everything in a stable
 * order (settings by key, scopes and groups by name, apps by client id, memberships by app and
 * username), so two exports compare line by line. No secret is written: secret settings are
 * {@link TransferFormat#PLACEHOLDER}, apps say only whether they are confidential, and people
 * appear by username alone.
 */
@Service
public class SettingsExport {

	/** Memberships read per query. */
	static final int PAGE = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

	private final StoredSettings settings;

	private final ClientRepository clients;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final TransactionTemplate readOnly;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	SettingsExport(StoredSettings settings, ClientRepository clients, JdbcClient jdbc, Clock clock,
			PlatformTransactionManager transactionManager, AdminPolicy policy, AccessGuard guard,
			ApplicationEventPublisher events) {
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.settings = settings;
		this.clients = clients;
		this.jdbc = jdbc;
		this.clock = clock;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** The provider's version, as the jar's manifest names it. */
	static String providerVersion() {
		String version = SettingsExport.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

	/**
	 * Writes the document to {@code out} (left open) in one read-only transaction, so it is one
	 * consistent picture, and records that it was taken.
	 * @param actor who asks, or null for the command line (whoever runs it holds the database)
	 * @return how many objects of each kind were written, for the activity log
	 */
	public Counts write(Actor actor, OutputStream out, boolean memberships) {
		if (actor != null) {
			this.guard.require(actor, this.policy.mayExportSettings(actor), null);
		}
		Counts counts = this.readOnly.execute((status) -> {
			try (JsonGenerator json = JSON.createGenerator(out)) {
				json.writeStartObject();
				json.writeStringProperty(TransferFormat.KEY_FORMAT, TransferFormat.FORMAT);
				json.writeNumberProperty(TransferFormat.KEY_VERSION, TransferFormat.VERSION);
				json.writeStringProperty(TransferFormat.KEY_PROVIDER, providerVersion());
				json.writeStringProperty(TransferFormat.KEY_TIME, this.clock.instant().toString());
				Map<String, String> stored = new TreeMap<>(this.settings.all());
				List<SsoClient> apps = this.clients.findAll(Sort.by("clientId"));
				json.writeName(TransferFormat.KEY_RE_ENTER);
				json.writeStartObject();
				json.writeArrayPropertyStart(TransferFormat.RE_ENTER_SETTINGS);
				stored.keySet().stream().filter(StoredSettings::isSecret).forEach(json::writeString);
				json.writeEndArray();
				json.writeArrayPropertyStart(TransferFormat.RE_ENTER_APP_SECRETS);
				apps.stream().filter((app) -> !app.isPublicClient()).forEach((app) -> json.writeString(app.getClientId()));
				json.writeEndArray();
				json.writeEndObject();
				writeSettings(json, stored);
				int scopes = writeScopes(json);
				int groups = writeGroups(json);
				writeApps(json, apps);
				long members = memberships ? writeMemberships(json) : -1;
				json.writeEndObject();
				return new Counts(stored.size(), scopes, groups, apps.size(), members);
			}
		});
		this.events.publishEvent(new SettingsExported(actor, counts));
		return counts;
	}

	private static void writeSettings(JsonGenerator json, Map<String, String> stored) {
		json.writeName(TransferFormat.KEY_SETTINGS);
		json.writeStartObject();
		stored.forEach((key, value) -> json.writeStringProperty(key,
				StoredSettings.isSecret(key) ? TransferFormat.PLACEHOLDER : value));
		json.writeEndObject();
	}

	private int writeScopes(JsonGenerator json) {
		json.writeArrayPropertyStart(TransferFormat.KEY_SCOPES);
		int[] count = { 0 };
		this.jdbc.sql("SELECT name, description FROM sso_scope ORDER BY name_key").query((rs) -> {
			json.writeStartObject();
			json.writeStringProperty("name", rs.getString(1));
			json.writeStringProperty("description", rs.getString(2));
			json.writeEndObject();
			count[0]++;
		});
		json.writeEndArray();
		return count[0];
	}

	private int writeGroups(JsonGenerator json) {
		Map<Long, List<String>> permissions = new TreeMap<>();
		this.jdbc.sql("SELECT group_id, permission FROM sso_group_permission ORDER BY group_id, permission")
			.query((rs) -> {
				permissions.computeIfAbsent(rs.getLong(1), (id) -> new ArrayList<>()).add(rs.getString(2));
			});
		json.writeArrayPropertyStart(TransferFormat.KEY_GROUPS);
		int[] count = { 0 };
		this.jdbc.sql("SELECT id, name, description FROM sso_group ORDER BY name_key").query((rs) -> {
			json.writeStartObject();
			json.writeStringProperty("name", rs.getString(2));
			json.writeStringProperty("description", rs.getString(3));
			json.writeArrayPropertyStart("permissions");
			permissions.getOrDefault(rs.getLong(1), List.of()).forEach(json::writeString);
			json.writeEndArray();
			json.writeEndObject();
			count[0]++;
		});
		json.writeEndArray();
		return count[0];
	}

	private static void writeApps(JsonGenerator json, List<SsoClient> apps) {
		json.writeArrayPropertyStart(TransferFormat.KEY_APPS);
		for (SsoClient app : apps) {
			json.writeStartObject();
			json.writeStringProperty(TransferFormat.APP_ID, app.getClientId());
			json.writeBooleanProperty(TransferFormat.APP_CONFIDENTIAL, !app.isPublicClient());
			for (TransferFormat.Field<SsoClient> field : TransferFormat.APP_FIELDS) {
				json.writePOJOProperty(field.key(), field.read().apply(app));
			}
			json.writeName(TransferFormat.APP_POLICY);
			json.writeStartObject();
			for (TransferFormat.Field<?> field : TransferFormat.POLICY_FIELDS) {
				json.writePOJOProperty(field.key(), read(field, app));
			}
			json.writeEndObject();
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	@SuppressWarnings("unchecked")
	private static Object read(TransferFormat.Field<?> field, SsoClient app) {
		return ((TransferFormat.Field<io.microsys.sso.provider.client.ClientPolicy>) field).read()
			.apply(app.getPolicy());
	}

	/** Pages by (client id, username key), the order of the export, never by offset. */
	private long writeMemberships(JsonGenerator json) {
		json.writeArrayPropertyStart(TransferFormat.KEY_MEMBERSHIPS);
		long count = 0;
		String afterClient = "";
		String afterUser = "";
		while (true) {
			List<String[]> rows = this.jdbc
				.sql("SELECT c.client_id, u.username_key, u.username, m.role, m.active FROM sso_membership m "
						+ "JOIN sso_client c ON c.id = m.client_id JOIN sso_user u ON u.id = m.user_id "
						+ "WHERE c.client_id > :client OR (c.client_id = :client AND u.username_key > :user) "
						+ "ORDER BY c.client_id, u.username_key LIMIT :limit")
				.param("client", afterClient)
				.param("user", afterUser)
				.param("limit", PAGE)
				.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						String.valueOf(rs.getBoolean(5)) })
				.list();
			for (String[] row : rows) {
				json.writeStartObject();
				json.writeStringProperty("app", row[0]);
				json.writeStringProperty("username", row[2]);
				json.writeStringProperty("role", row[3].toLowerCase(java.util.Locale.ROOT));
				json.writeBooleanProperty("active", Boolean.parseBoolean(row[4]));
				json.writeEndObject();
				count++;
			}
			if (rows.size() < PAGE) {
				break;
			}
			afterClient = rows.get(rows.size() - 1)[0];
			afterUser = rows.get(rows.size() - 1)[1];
			json.flush();
		}
		json.writeEndArray();
		return count;
	}

	/**
	 * What an export held.
	 * @param memberships -1 when they were not asked for
	 */
	public record Counts(int settings, int scopes, int groups, int apps, long memberships) {

		@Override
		public String toString() {
			return "settings=" + this.settings + " scopes=" + this.scopes + " groups=" + this.groups + " apps="
					+ this.apps + ((this.memberships >= 0) ? " memberships=" + this.memberships : "");
		}

	}

}
