package io.microsys.sso.provider.admin.transfer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /sys/settings/export} and {@code /sys/settings/import} over real HTTP on the real
 * database: the export holds no secret of any kind (checked on the whole document), a document
 * exported, removed and imported again comes back equal, the dry run changes nothing, skip keeps
 * and overwrite restores existing objects, and a bad document is a 400 listing its problems with
 * nothing changed.
 */
@ProviderIntegrationTest
class SettingsTransferTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> TABLES = List.of("sso_setting", "sso_scope", "sso_group", "sso_group_permission",
			"sso_client", "sso_membership");

	private final Provider provider;

	private final JdbcClient jdbc;

	private final TestStaff staff;

	private final TestFixtures fixtures;

	SettingsTransferTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.staff = new TestStaff(provider);
		this.fixtures = provider.fixtures();
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	@AfterEach
	void forgetTheMailServerStoredForTheExport() {
		// The context is shared: later tests send through the configured server (TestMail) again.
		StoredSettings stored = this.provider.context().getBean(StoredSettings.class);
		stored.remove("mail.password");
		stored.remove("mail.host");
	}

	@Test
	void exportWhenSecretsStoredThenNoneOfThemInTheDocument() {
		SsoClient app = this.fixtures.confidentialClient((c) -> c.setName("Payroll"));
		SsoUser member = this.fixtures.user();
		this.fixtures.membership(app, member, MembershipRole.ADMIN);
		String ciphertext = "bWFpbC1wYXNzd29yZC1jaXBoZXJ0ZXh0LTAxMjM0NTY3ODk=";
		this.provider.context().getBean(StoredSettings.class).put("mail.password", ciphertext, null);
		this.provider.context().getBean(StoredSettings.class).put("mail.host", "smtp.example.com", null);
		SsoUser superuser = this.staff.superuser();
		Browser browser = Pages.signedIn(this.provider.origin(), superuser);

		HttpResponse<String> export = browser.get(url("/sys/settings/export?memberships=true"));

		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
		assertThat(export.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		String document = export.body();
		String secretHash = this.jdbc.sql("SELECT secret_hash FROM sso_client WHERE id = :id")
			.param("id", app.getId())
			.query(String.class)
			.single();
		String masterKey = this.provider.context().getEnvironment().getProperty("microsys.sso.master-key");
		List<String> passwordHashes = this.jdbc.sql("SELECT password_hash FROM sso_user WHERE password_hash IS NOT NULL")
			.query(String.class)
			.list();
		assertThat(document).contains("\"" + app.getClientId() + "\"", "\"smtp.example.com\"",
				"\"username\":\"" + member.getUsername() + "\"", TransferFormat.PLACEHOLDER)
			.doesNotContain(ciphertext, secretHash, TestFixtures.SECRET, masterKey, TestFixtures.PASSWORD)
			.doesNotContain("{argon2", "{bcrypt", "{pbkdf2", "$argon2", "$2a$", "secret_hash", "password_hash");
		assertThat(passwordHashes).isNotEmpty().allSatisfy((hash) -> assertThat(document).doesNotContain(hash));
		JsonNode root = JSON.readTree(document);
		assertThat(root.get("to_re_enter").get("settings").toString()).contains("mail.password");
		assertThat(root.get("to_re_enter").get("app_secrets").toString()).contains(app.getClientId());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_EXPORTED' "
					+ "AND actor_uuid = :actor")
				.param("actor", superuser.getUuid())
				.query(Long.class)
				.single() == 1);
	}

	@Test
	void exportWhenNotAskedThenNoMembershipsAndGlobalStaffMayTakeIt() throws Exception {
		SsoUser global = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.SETTINGS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), global);

		HttpResponse<String> export = browser.get(url("/sys/settings/export"));

		assertThat(export.statusCode()).isEqualTo(200);
		JsonNode root = JSON.readTree(export.body());
		assertThat(root.get("format").stringValue()).isEqualTo("microsys-sso-settings");
		assertThat(root.get("format_version").asInt()).isEqualTo(1);
		assertThat(root.has("provider_version")).isTrue();
		assertThat(root.has("exported_at")).isTrue();
		assertThat(root.has("memberships")).isFalse();
		assertThat(browser.get(url("/sys/settings/import")).statusCode()).as("import: superusers only").isEqualTo(403);
	}

	@Test
	void importWhenExportedObjectsRemovedThenDryRunChangesNothingAndApplyBringsThemBackEqual() throws Exception {
		Created created = create();
		Browser browser = Pages.signedIn(this.provider.origin(), this.staff.superuser());
		String before = mine(browser.get(url("/sys/settings/export?memberships=true")).body(), created);
		remove(created);
		Map<String, Long> emptied = counts();

		HttpResponse<String> preview = upload(browser, before, "skip");

		assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
		assertThat(counts()).as("the dry run changes nothing").isEqualTo(emptied);
		String plan = Jsoup.parse(preview.body()).getElementById("items").text();
		assertThat(plan).contains(created.scope, created.group, created.confidential.getClientId(),
				created.publicApp.getClientId(), created.setting);
		assertThat(Jsoup.parse(preview.body()).getElementById("apps-needing-secret").text())
			.contains(created.confidential.getClientId())
			.doesNotContain(created.publicApp.getClientId());

		HttpResponse<String> applied = browser.submitForm(preview, "#apply-form", Map.of());

		assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
		assertThat(applied.body()).contains("id=\"done\"");
		String after = mine(browser.get(url("/sys/settings/export?memberships=true")).body(), created);
		assertThat(after).isEqualTo(before);
		assertThat(this.jdbc.sql("SELECT secret_hash FROM sso_client WHERE client_id = :id")
			.param("id", created.confidential.getClientId())
			.query(String.class)
			.single()).as("confidential, with a secret nobody knows").isNotNull();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_IMPORTED' "
					+ "AND detail LIKE 'mode=skip new=%'")
				.query(Long.class)
				.single() >= 1);
		assertThat(browser.submitForm(preview, "#apply-form", Map.of()).statusCode())
			.as("the same document is not applied twice from one preview")
			.isEqualTo(400);
	}

	@Test
	void importWhenObjectsChangedSinceThenSkipKeepsThemAndOverwriteRestoresThem() throws Exception {
		Created created = create();
		Browser browser = Pages.signedIn(this.provider.origin(), this.staff.superuser());
		String exported = mine(browser.get(url("/sys/settings/export?memberships=true")).body(), created);
		this.fixtures.updateClient(created.confidential, (c) -> {
			c.setName("Renamed");
			c.getPolicy().setRequireConsent(true);
			c.setBackchannelLogoutUri("https://payroll.example.com/logout");
		});
		this.jdbc.sql("INSERT INTO sso_group_permission (group_id, permission, created_at) "
				+ "SELECT id, 'logs.view', CURRENT_TIMESTAMP FROM sso_group WHERE name_key = :key")
			.param("key", created.group.toLowerCase())
			.update();
		this.jdbc.sql("UPDATE sso_membership SET role = 'USER' WHERE client_id = :client")
			.param("client", created.confidential.getId())
			.update();

		HttpResponse<String> skip = upload(browser, exported, "skip");
		assertThat(Jsoup.parse(skip.body()).getElementById("items").text()).contains("Renamed → Payroll");
		browser.submitForm(skip, "#apply-form", Map.of());

		assertThat(appName(created.confidential)).isEqualTo("Renamed");
		assertThat(groupPermissions(created.group)).isEqualTo("logs.view,users.view");

		HttpResponse<String> overwrite = upload(browser, exported, "overwrite");
		assertThat(overwrite.statusCode()).isEqualTo(200);
		assertThat(browser.submitForm(overwrite, "#apply-form", Map.of()).statusCode()).isEqualTo(200);

		assertThat(appName(created.confidential)).isEqualTo("Payroll");
		assertThat(this.jdbc.sql("SELECT require_consent FROM sso_client WHERE id = :id")
			.param("id", created.confidential.getId())
			.query(Boolean.class)
			.single()).isFalse();
		assertThat(this.jdbc.sql("SELECT backchannel_logout_uri FROM sso_client WHERE id = :id")
			.param("id", created.confidential.getId())
			.query(String.class)
			.list()
			.get(0)).as("null in the document: none").isNull();
		assertThat(groupPermissions(created.group)).isEqualTo("users.view");
		assertThat(this.jdbc.sql("SELECT role FROM sso_membership WHERE client_id = :client")
			.param("client", created.confidential.getId())
			.query(String.class)
			.single()).isEqualTo("ADMIN");
		assertThat(mine(browser.get(url("/sys/settings/export?memberships=true")).body(), created)).isEqualTo(exported);
	}

	@Test
	void importWhenOverwriteLowersARoleThenThePersonsSessionsAtThatAppAreEnded() throws Exception {
		Created created = create();
		Browser browser = Pages.signedIn(this.provider.origin(), this.staff.superuser());
		ObjectNode lowered = (ObjectNode) JSON.readTree(
				mine(browser.get(url("/sys/settings/export?memberships=true")).body(), created));
		lowered.get("memberships").forEach((membership) -> ((ObjectNode) membership).put("role", "user"));
		for (SsoClient app : List.of(created.confidential, created.publicApp)) {
			this.jdbc.sql("INSERT INTO sso_session_client (session_id_hash, client_id, user_uuid, updated_at) "
					+ "VALUES (:sid, :client, :uuid, CURRENT_TIMESTAMP)")
				.param("sid", "s" + app.getId())
				.param("client", app.getId())
				.param("uuid", created.member.getUuid())
				.update();
		}

		long versionBefore = version(created.member);
		HttpResponse<String> overwrite = upload(browser, lowered.toString(), "overwrite");
		assertThat(browser.submitForm(overwrite, "#apply-form", Map.of()).statusCode()).isEqualTo(200);

		assertThat(this.jdbc.sql("SELECT role FROM sso_membership WHERE client_id = :client")
			.param("client", created.confidential.getId())
			.query(String.class)
			.single()).isEqualTo("USER");
		assertThat(version(created.member)).as("a write based on an older read of the person is refused")
			.isGreaterThan(versionBefore);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_session_client WHERE user_uuid = :uuid AND client_id = :client")
			.param("uuid", created.member.getUuid())
			.param("client", created.confidential.getId())
			.query(Integer.class)
			.single()).as("admin -> user: signed out of that app").isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_session_client WHERE user_uuid = :uuid AND client_id = :client")
			.param("uuid", created.member.getUuid())
			.param("client", created.publicApp.getId())
			.query(Integer.class)
			.single()).as("staff -> user at the other app: also lowered").isZero();
	}

	@Test
	void importWhenBadDocumentThen400ListingTheProblemsAndNothingChanged() throws Exception {
		Created created = create();
		Browser browser = Pages.signedIn(this.provider.origin(), this.staff.superuser());
		String exported = mine(browser.get(url("/sys/settings/export?memberships=true")).body(), created);
		remove(created);
		Map<String, Long> before = counts();
		ObjectNode unknownKey = (ObjectNode) JSON.readTree(exported);
		((ObjectNode) unknownKey.get("apps").get(0)).put("colour", "red");
		ObjectNode badUri = (ObjectNode) JSON.readTree(exported);
		((ArrayNode) badUri.get("apps").get(0).get("redirect_uris")).add("http://wiki.example.com/callback");
		ObjectNode wrongType = (ObjectNode) JSON.readTree(exported);
		((ObjectNode) wrongType.get("groups").get(0)).put("permissions", "users.view");

		assertRefused(browser, "{\"format\": ", "not valid JSON");
		assertRefused(browser, unknownKey.toString(), "$.apps[0].colour: unknown key");
		assertRefused(browser, badUri.toString(), "must use https");
		assertRefused(browser, wrongType.toString(), "$.groups[0].permissions: must be a list of text");
		assertRefused(browser, exported + " ".repeat(SettingsImport.MAX_BYTES), "larger than 5 MB");
		assertThat(counts()).isEqualTo(before);
		HttpResponse<String> form = browser.get(url("/sys/settings/import"));
		HttpResponse<String> forged = browser.post(url("/sys/settings/import/apply"),
				Map.of("_csrf", Browser.csrfToken(form), "digest", "0".repeat(64)));
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(counts()).isEqualTo(before);
	}

	private void assertRefused(Browser browser, String document, String problem) {
		HttpResponse<String> response = upload(browser, document, "overwrite");
		assertThat(response.statusCode()).as(problem).isEqualTo(400);
		assertThat(Jsoup.parse(response.body()).getElementById("problems").text()).contains(problem);
		assertThat(response.body()).doesNotContain("id=\"apply-form\"");
	}

	/** Objects of every kind, named uniquely. */
	private record Created(String scope, String group, SsoClient confidential, SsoClient publicApp, SsoUser member,
			String setting) {
	}

	private Created create() {
		String scope = TestFixtures.unique("Finance");
		Scope stored = new Scope(scope);
		stored.setDescription("Money matters");
		this.provider.context().getBean(ScopeRepository.class).save(stored);
		String group = TestFixtures.unique("Helpdesk");
		this.jdbc.sql("INSERT INTO sso_group (name, name_key, description, created_at, updated_at, version) "
				+ "VALUES (:name, :key, 'First line', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)")
			.param("name", group)
			.param("key", group.toLowerCase())
			.update();
		this.jdbc.sql("INSERT INTO sso_group_permission (group_id, permission, created_at) "
				+ "SELECT id, 'users.view', CURRENT_TIMESTAMP FROM sso_group WHERE name_key = :key")
			.param("key", group.toLowerCase())
			.update();
		SsoClient confidential = this.fixtures.confidentialClient((c) -> {
			c.setName("Payroll");
			c.setAccessTokenTtlSeconds(600);
			c.getPolicy().setAllowPar(true);
			c.getPolicy().setRequire2fa(true);
		});
		SsoClient publicApp = this.fixtures.publicClient((c) -> c.getPolicy().setAllowAllAuthenticated(true));
		SsoUser member = this.fixtures.user();
		this.fixtures.membership(confidential, member, MembershipRole.ADMIN);
		this.fixtures.membership(publicApp, member, MembershipRole.STAFF);
		String setting = "test." + UUID.randomUUID().toString().substring(0, 8) + ".value";
		this.provider.context().getBean(StoredSettings.class).put(setting, "on", null);
		return new Created(scope, group, confidential, publicApp, member, setting);
	}

	private long version(SsoUser person) {
		return this.jdbc.sql("SELECT version FROM sso_user WHERE id = :id")
			.param("id", person.getId())
			.query(Long.class)
			.single();
	}

	private void remove(Created created) {
		for (SsoClient app : List.of(created.confidential, created.publicApp)) {
			this.jdbc.sql("DELETE FROM sso_membership WHERE client_id = :id").param("id", app.getId()).update();
			this.jdbc.sql("DELETE FROM sso_client WHERE id = :id").param("id", app.getId()).update();
		}
		this.jdbc.sql("DELETE FROM sso_group WHERE name_key = :key").param("key", created.group.toLowerCase()).update();
		this.jdbc.sql("DELETE FROM sso_scope WHERE name_key = :key").param("key", created.scope.toLowerCase()).update();
		this.provider.context().getBean(StoredSettings.class).remove(created.setting);
	}

	/**
	 * The document with only the objects of {@code created} (other tests share the database), and
	 * without its time.
	 */
	private static String mine(String document, Created created) {
		ObjectNode root = (ObjectNode) JSON.readTree(document);
		root.remove("exported_at");
		ObjectNode settings = (ObjectNode) root.get("settings");
		settings.propertyNames().stream().filter((key) -> !key.equals(created.setting)).toList().forEach(settings::remove);
		keep(root, "scopes", (node) -> node.get("name").stringValue().equals(created.scope));
		keep(root, "groups", (node) -> node.get("name").stringValue().equals(created.group));
		Predicate<String> myApp = (id) -> id.equals(created.confidential.getClientId())
				|| id.equals(created.publicApp.getClientId());
		keep(root, "apps", (node) -> myApp.test(node.get("client_id").stringValue()));
		keep(root, "memberships", (node) -> myApp.test(node.get("app").stringValue()));
		ArrayNode secrets = (ArrayNode) root.get("to_re_enter").get("app_secrets");
		for (int i = secrets.size() - 1; i >= 0; i--) {
			if (!myApp.test(secrets.get(i).stringValue())) {
				secrets.remove(i);
			}
		}
		((ObjectNode) root.get("to_re_enter")).putArray("settings");
		return root.toPrettyString();
	}

	private static void keep(ObjectNode root, String key, Predicate<JsonNode> mine) {
		ArrayNode list = (ArrayNode) root.get(key);
		for (int i = list.size() - 1; i >= 0; i--) {
			if (!mine.test(list.get(i))) {
				list.remove(i);
			}
		}
	}

	private Map<String, Long> counts() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (String table : TABLES) {
			counts.put(table, this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
		}
		return counts;
	}

	private String appName(SsoClient app) {
		return this.jdbc.sql("SELECT name FROM sso_client WHERE id = :id").param("id", app.getId()).query(String.class).single();
	}

	private String groupPermissions(String group) {
		return String.join(",", this.jdbc.sql("SELECT p.permission FROM sso_group_permission p JOIN sso_group g "
				+ "ON g.id = p.group_id WHERE g.name_key = :key ORDER BY p.permission")
			.param("key", group.toLowerCase())
			.query(String.class)
			.list());
	}

	/** Uploads a document as the import form does (multipart, the CSRF token a field). */
	private HttpResponse<String> upload(Browser browser, String document, String mode) {
		HttpResponse<String> form = browser.get(url("/sys/settings/import"));
		assertThat(form.statusCode()).isEqualTo(200);
		String boundary = "----transfer" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		part(body, boundary, "_csrf", null, Browser.csrfToken(form));
		part(body, boundary, "mode", null, mode);
		part(body, boundary, "document", "settings.json", document);
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return browser.send(HttpRequest.newBuilder(URI.create(url("/sys/settings/import")))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	private static void part(ByteArrayOutputStream body, String boundary, String name, String filename, String value) {
		String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
				+ ((filename != null) ? "; filename=\"" + filename + "\"\r\nContent-Type: application/json" : "")
				+ "\r\n\r\n";
		body.writeBytes(header.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
	}

}
