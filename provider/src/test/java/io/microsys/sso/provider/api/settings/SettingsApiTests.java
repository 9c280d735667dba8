package io.microsys.sso.provider.api.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run-time settings through the admin API, over real HTTP with real tokens: read without the
 * mail password, replaced whole with If-Match (428 without, 412 after a change by anyone
 * meanwhile, one winner of two at once), the settings page's checks (400, nothing changed), and
 * the transfer document's export (global staff) and import (superusers; a bad document 400, too
 * large 413).
 */
@ProviderIntegrationTest
class SettingsApiTests {

	final Provider provider;

	final AdminApiCalls api;

	final JdbcTemplate jdbc;

	private JsonNode original;

	SettingsApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	private String editor() {
		return this.api.serviceAccount(null, Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE).token();
	}

	/** The settings now; remembered the first time, to put back after the test. */
	private AdminApiCalls.Response read(String token) {
		AdminApiCalls.Response answer = this.api.get(token, "/settings");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		if (this.original == null) {
			this.original = answer.json();
		}
		return answer;
	}

	@AfterEach
	void putBack() {
		if (this.original != null) {
			AdminApiCalls.Response restored = this.api.put(editor(), "/settings", this.original, "*");
			assertThat(restored.status()).as(restored.body()).isEqualTo(200);
		}
	}

	private static ObjectNode withColour(JsonNode settings, String colour) {
		ObjectNode changed = (ObjectNode) settings.deepCopy();
		((ObjectNode) changed.get("branding")).put("colour", colour);
		return changed;
	}

	private String colour() {
		return this.jdbc.queryForList("SELECT setting_value FROM sso_setting WHERE setting_key = 'branding.colour'",
				String.class).stream().findFirst().orElse(null);
	}

	@Test
	void readWhenViewerThenThePagesSettingsWithoutTheMailPassword() {
		AdminApiCalls.Response settings = read(this.api.serviceAccount(null, Permission.SETTINGS_VIEW).token());
		assertThat(settings.etag()).matches("\"[0-9]+\"");
		JsonNode body = settings.json();
		assertThat(body.get("registration").has("enabled")).isTrue();
		assertThat(body.get("security").get("passwordMinLength").isNumber()).isTrue();
		assertThat(body.get("security").get("emailCodes").isBoolean()).isTrue();
		assertThat(body.get("network").get("mode").asString()).isNotBlank();
		assertThat(body.get("mail").get("passwordSet").isBoolean()).isTrue();
		assertThat(body.get("mail").has("password")).isFalse();
		assertThat(settings.body()).doesNotContainIgnoringCase("sealed").doesNotContainIgnoringCase("plainPassword");
	}

	@Test
	void replaceWhenIfMatchIsCurrentThenChangedAuditedAndANewETag() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.SETTINGS_VIEW,
				Permission.SETTINGS_CHANGE);
		String token = account.token();
		AdminApiCalls.Response before = read(token);
		AdminApiCalls.Response replaced = this.api.put(token, "/settings", withColour(before.json(), "#1A2B3C"),
				before.etag());
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.json().get("branding").get("colour").asString()).isEqualTo("#1a2b3c");
		assertThat(replaced.etag()).isNotEqualTo(before.etag());
		assertThat(colour()).isEqualTo("#1a2b3c");
		assertThat(read(token).etag()).isEqualTo(replaced.etag());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
				+ "AND actor_name = ?", Long.class, "service-account-" + account.clientId())).isEqualTo(1);

		// The same again changes nothing and keeps the ETag (idempotent).
		AdminApiCalls.Response again = this.api.put(token, "/settings", withColour(before.json(), "#1A2B3C"),
				replaced.etag());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.etag()).isEqualTo(replaced.etag());

		this.api.put(token, "/settings", withColour(before.json(), "#000000"), before.etag())
			.isProblem(412, "changed-meanwhile");
		this.api.put(token, "/settings", withColour(before.json(), "#000000"), null).isProblem(428, "if-match-required");
		this.api.put(token, "/settings", withColour(before.json(), "#000000"), "W/\"1\"").isProblem(412,
				"changed-meanwhile");
		assertThat(colour()).isEqualTo("#1a2b3c");
	}

	@Test
	void replaceWhenChangedOnThePageMeanwhileThen412() {
		String token = editor();
		AdminApiCalls.Response before = read(token);
		// As the settings page stores it.
		this.provider.context().getBean(StoredSettings.class).put("branding.colour", "#999999", null);
		this.api.put(token, "/settings", withColour(before.json(), "#abcdef"), before.etag())
			.isProblem(412, "changed-meanwhile");
		assertThat(colour()).isEqualTo("#999999");
	}

	@Test
	void replaceWhenTwoAtOnceWithTheSameETagThenOneWinsAndTheOther412() throws Exception {
		String token = editor();
		AdminApiCalls.Response before = read(token);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Integer> statuses = Simultaneous.all(pool, 2, (thread) -> this.api
				.put(token, "/settings", withColour(before.json(), (thread == 0) ? "#111111" : "#222222"), before.etag())
				.status());
			assertThat(statuses).containsExactlyInAnyOrder(200, 412);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void replaceWhenValuesAreBadThen400WithEachFieldAndNothingChanged() {
		String token = editor();
		AdminApiCalls.Response before = read(token);
		ObjectNode bad = withColour(before.json(), "red");
		((ObjectNode) bad.get("registration")).put("mode", "whenever");
		((ObjectNode) bad.get("security")).put("passwordMinLength", 3);
		((ObjectNode) bad.get("security")).put("noSuchSetting", 1);
		((ObjectNode) bad.get("network")).put("mode", "nowhere");
		AdminApiCalls.Response refused = this.api.put(token, "/settings", bad, before.etag())
			.isProblem(400, "invalid-request");
		List<String> fields = new ArrayList<>();
		refused.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		assertThat(fields).contains("registration.mode", "branding.colour", "security.passwordMinLength",
				"security.noSuchSetting", "network.mode");
		ObjectNode missing = (ObjectNode) before.json().deepCopy();
		missing.remove("security");
		assertThat(this.api.put(token, "/settings", missing, before.etag()).isProblem(400, "invalid-request").body())
			.contains("security");
		this.api.call(token, "PUT", "/settings").json("{\"registration\": ").ifMatch(before.etag()).send()
			.isProblem(400, "invalid-request");
		assertThat(read(token).etag()).isEqualTo(before.etag());
	}

	@Test
	void settingsWhenWithoutThePermissionThen403() {
		String viewer = this.api.serviceAccount(null, Permission.SETTINGS_VIEW).token();
		AdminApiCalls.Response before = read(viewer);
		AdminApiCalls.Response refused = this.api.put(viewer, "/settings", withColour(before.json(), "#333333"),
				before.etag()).isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("settings.change");
		String none = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		this.api.get(none, "/settings").isProblem(403, "forbidden");
		this.api.get(none, "/settings/export").isProblem(403, "forbidden");
		String plain = this.api.personalToken(this.api.commandLineTool(), this.provider.fixtures().user());
		this.api.get(plain, "/settings").isProblem(403, "forbidden");
		assertThat(read(viewer).etag()).isEqualTo(before.etag());
	}

	@Test
	void exportWhenGlobalStaffThenTheTransferDocumentAndScopedStaffRefused() {
		Scope scope = this.provider.context().getBean(ScopeRepository.class).save(new Scope(TestFixtures.unique("Scope")));
		this.api.get(this.api.serviceAccount(scope.getId(), Permission.SETTINGS_VIEW).token(), "/settings/export")
			.isProblem(403, "forbidden");
		AdminApiCalls.Response document = this.api.get(
				this.api.serviceAccount(null, Permission.SETTINGS_VIEW).token(), "/settings/export");
		assertThat(document.status()).as(document.body()).isEqualTo(200);
		assertThat(document.header("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(document.json().has("format")).isTrue();
		assertThat(document.body()).contains(scope.getName());
	}

	@Test
	void importWhenSuperuserThenPlannedThenAppliedAndOthersRefused() {
		String exporter = this.api.serviceAccount(null, Permission.SETTINGS_VIEW).token();
		String name = TestFixtures.unique("Imported scope");
		ObjectNode document = (ObjectNode) this.api.get(exporter, "/settings/export").json();
		// The export of a database other tests share holds their fixtures too (some made
		// without the rules an import checks): import this test's scope and the settings only.
		document.putArray("apps");
		document.putArray("groups");
		document.putArray("scopes").addObject().put("name", name).put("description", "from the API");

		String staff = this.api.serviceAccount(null, Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE).token();
		this.api.post(staff, "/settings/import?mode=skip", document).isProblem(403, "forbidden");

		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
		String token = this.api.personalToken(this.api.commandLineTool(), superuser);
		AdminApiCalls.Response plan = this.api.post(token, "/settings/import?mode=skip", document);
		assertThat(plan.status()).as(plan.body()).isEqualTo(200);
		assertThat(plan.json().get("applied").asBoolean()).isFalse();
		assertThat(plan.body()).contains(name).contains("\"outcome\":\"new\"");
		assertThat(scopes(name)).isZero();

		this.api.post(token, "/settings/import?mode=sometimes", document).isProblem(400, "invalid-request");
		this.api.post(token, "/settings/import?mode=skip", "{\"format\": \"something else\"}")
			.isProblem(400, "invalid-request");
		this.api.post(token, "/settings/import?mode=skip&dryRun=false", "not json").isProblem(400, "invalid-request");
		this.api.post(token, "/settings/import?mode=skip&dryRun=false", "{\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}")
			.isProblem(413, "payload-too-large");
		assertThat(scopes(name)).isZero();

		AdminApiCalls.Response applied = this.api.post(token, "/settings/import?mode=skip&dryRun=false", document);
		assertThat(applied.status()).as(applied.body()).isEqualTo(200);
		assertThat(applied.json().get("applied").asBoolean()).isTrue();
		assertThat(scopes(name)).isEqualTo(1);
	}

	private long scopes(String name) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_scope WHERE name = ?", Long.class, name);
	}

}
