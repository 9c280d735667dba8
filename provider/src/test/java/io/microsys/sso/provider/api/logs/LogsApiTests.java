package io.microsys.sso.provider.api.logs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activity log through the admin API, over real HTTP with real tokens: logs.view, only the
 * entries about people the caller may see (a scoped service account its scope's), newest first in
 * keyset pages, the console's filters with a 400 for bad ones, and the export streamed row by row
 * with exactly the visible entries, leaving its own entry.
 */
@ProviderIntegrationTest
class LogsApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final Provider provider;

	final AdminApiCalls api;

	final JdbcTemplate jdbc;

	LogsApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	private Scope scope() {
		return this.provider.context().getBean(ScopeRepository.class).save(new Scope(TestFixtures.unique("Scope")));
	}

	/** Writes {@code count} entries by {@code actor} about people of {@code scopeId}, as the audit trail would. */
	private void entries(String actor, Long scopeId, boolean aboutSuperuser, int count, LocalDateTime at) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(new Object[] { at, "PERSON_CHANGED", actor, "UPDATE", "user", "id-" + i, scopeId, aboutSuperuser,
					"line " + i });
		}
		this.jdbc.batchUpdate("INSERT INTO sso_audit_event (created_at, event_type, actor_name, action, target_type, "
				+ "target_id, scope_id, about_superuser, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
	}

	private static LocalDateTime now() {
		return LocalDateTime.now(ZoneOffset.UTC);
	}

	@Test
	void listWhenScopedThenOnlyItsScopesEntriesNewestFirstInKeysetPages() {
		Scope own = scope();
		Scope other = scope();
		String marker = TestFixtures.unique("actor");
		entries(marker, own.getId(), false, 110, now());
		entries(marker, other.getId(), false, 20, now());
		entries(marker, own.getId(), true, 5, now());
		String scoped = this.api.serviceAccount(own.getId(), Permission.LOGS_VIEW).token();
		List<JsonNode> mine = this.api.all(scoped, "/logs?actor=" + marker, 50);
		assertThat(mine).hasSize(110);
		assertThat(mine).allSatisfy((entry) -> {
			assertThat(entry.get("scopeId").asLong()).isEqualTo(own.getId());
			assertThat(entry.get("aboutSuperuser").asBoolean()).isFalse();
			assertThat(entry.get("event").asString()).isEqualTo("person_changed");
			assertThat(entry.get("action").asString()).isEqualTo("update");
		});
		for (int i = 1; i < mine.size(); i++) {
			assertThat(mine.get(i).get("id").asLong()).isLessThan(mine.get(i - 1).get("id").asLong());
		}
		AdminApiCalls.Response first = this.api.get(scoped, "/logs?limit=50&actor=" + marker);
		assertThat(first.header("Link")).hasValueSatisfying((link) -> assertThat(link).contains("rel=\"next\""));

		String global = this.api.serviceAccount(null, Permission.LOGS_VIEW).token();
		assertThat(this.api.all(global, "/logs?actor=" + marker, 500)).hasSize(130);
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
		String everything = this.api.personalToken(this.api.commandLineTool(), superuser);
		assertThat(this.api.all(everything, "/logs?actor=" + marker, 500)).hasSize(135);
		assertThat(this.api.all(everything, "/logs?actor=" + marker + "&scopeId=" + other.getId(), 500)).hasSize(20);

		long hidden = this.jdbc.queryForObject("SELECT MAX(id) FROM sso_audit_event WHERE actor_name = ? AND scope_id = ?",
				Long.class, marker, other.getId());
		this.api.get(scoped, "/logs/" + hidden).isProblem(404, "not-found");
		this.api.get(scoped, "/logs/" + Long.MAX_VALUE / 1000).isProblem(404, "not-found");
		AdminApiCalls.Response one = this.api.get(scoped, "/logs/" + mine.get(0).get("id").asLong());
		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat(one.json().get("actor").asString()).isEqualTo(marker);
	}

	@Test
	void listWhenFilteredByTimeOrTypeThenOnlyMatching() {
		String marker = TestFixtures.unique("actor");
		entries(marker, null, false, 3, LocalDateTime.of(2020, 1, 1, 10, 0));
		entries(marker, null, false, 4, now());
		String token = this.api.serviceAccount(null, Permission.LOGS_VIEW).token();
		assertThat(this.api.all(token, "/logs?actor=" + marker + "&from=2020-01-01T09:00:00Z&to=2020-01-01T11:00:00Z", 50))
			.hasSize(3);
		assertThat(this.api.all(token, "/logs?actor=" + marker + "&from=2021-01-01T00:00:00%2B02:00", 50)).hasSize(4);
		assertThat(this.api.all(token, "/logs?actor=" + marker + "&type=person_changed&action=UPDATE", 50)).hasSize(7);
		assertThat(this.api.all(token, "/logs?actor=" + marker + "&type=api_called", 50)).isEmpty();

		// The outermost times RFC 3339 parsing allows are the same filter as "no bound".
		String far = "&from=-999999999-01-01T00:00:00Z&to=%2B999999999-12-31T23:59:59Z";
		assertThat(this.api.all(token, "/logs?actor=" + marker + far, 50)).hasSize(7);
		AdminApiCalls.Response export = this.api.get(token, "/logs/export?format=jsonl&actor=" + marker + far);
		assertThat(export.status()).as(export.body()).isEqualTo(200);
		assertThat(export.body().lines()).hasSize(7);
	}

	@Test
	void listWhenFiltersAreBadThen400WithEachFieldAndNoExport() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.LOGS_VIEW);
		String token = account.token();
		assertThat(fields(this.api.get(token, "/logs?action=rename&type=nothing&from=yesterday")))
			.containsExactly("action", "from", "type");
		assertThat(fields(this.api.get(token, "/logs?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z")))
			.containsExactly("to");
		assertThat(fields(this.api.get(token, "/logs?targetType=User&ip=not-an-ip"))).containsExactly("ip", "targetType");
		assertThat(fields(this.api.get(token, "/logs?scopeId=1"))).containsExactly("scopeId");
		assertThat(fields(this.api.get(token, "/logs/export?format=xml"))).containsExactly("format");
		assertThat(fields(this.api.get(token, "/logs/export?scopeId=1"))).containsExactly("scopeId");
		this.api.get(token, "/logs?scopeId=abc").isProblem(400, "invalid-request");
		this.api.get(token, "/logs?limit=0").isProblem(400, "invalid-request");
		assertThat(exports(account)).isZero();
	}

	private static List<String> fields(AdminApiCalls.Response answer) {
		answer.isProblem(400, "invalid-request");
		List<String> fields = new ArrayList<>();
		answer.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		return fields;
	}

	@Test
	void listWhenWithoutLogsViewThen403AndNoExportRecorded() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String token = account.token();
		AdminApiCalls.Response refused = this.api.get(token, "/logs").isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("logs.view");
		this.api.get(token, "/logs/1").isProblem(403, "forbidden");
		this.api.get(token, "/logs/export").isProblem(403, "forbidden");
		String plain = this.api.personalToken(this.api.commandLineTool(), this.provider.fixtures().user());
		this.api.get(plain, "/logs").isProblem(403, "forbidden");
		assertThat(exports(account)).isZero();
	}

	private long exports(AdminApiCalls.ServiceAccount account) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'ACTIVITY_EXPORTED' "
				+ "AND actor_name = ?", Long.class, "service-account-" + account.clientId());
	}

	@Test
	void exportWhenScopedThenEveryVisibleEntryStreamedOnceAndTheExportRecorded() {
		Scope own = scope();
		Scope other = scope();
		String marker = TestFixtures.unique("actor");
		entries(marker, own.getId(), false, 5_200, now());
		entries(marker, other.getId(), false, 300, now());
		entries(marker, own.getId(), true, 40, now());
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(own.getId(), Permission.LOGS_VIEW);
		String token = account.token();

		AdminApiCalls.Response jsonLines = this.api.call(token, "GET", "/logs/export?format=jsonl")
			.header("Accept", "application/x-ndjson")
			.send();
		assertThat(jsonLines.status()).as(jsonLines.body()).isEqualTo(200);
		assertThat(jsonLines.header("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/x-ndjson"));
		List<JsonNode> lines = jsonLines.body().lines().map(JSON::readTree).toList();
		assertThat(lines.size()).isGreaterThanOrEqualTo(5_200);
		assertThat(lines).allSatisfy((line) -> {
			assertThat(line.get("scopeId").asLong()).isEqualTo(own.getId());
			assertThat(line.get("aboutSuperuser").asBoolean()).isFalse();
		});
		for (int i = 1; i < lines.size(); i++) {
			assertThat(lines.get(i).get("id").asLong()).isLessThan(lines.get(i - 1).get("id").asLong());
		}
		long newest = lines.get(0).get("id").asLong();
		assertThat(lines).hasSize(visible(own, newest));
		assertThat(lines.stream().filter((line) -> marker.equals(line.get("actor").asString()))).hasSize(5_200);
		assertThat(exports(account)).isEqualTo(1);

		AdminApiCalls.Response csv = this.api.call(token, "GET", "/logs/export?format=csv&actor=" + marker)
			.header("Accept", "text/csv")
			.send();
		assertThat(csv.status()).as(csv.body()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		List<String> rows = csv.body().lines().toList();
		assertThat(rows.get(0)).startsWith("id,time,event,action");
		assertThat(rows).hasSize(5_200 + 1);
		assertThat(exports(account)).isEqualTo(2);
	}

	/** The entries about people of {@code scope} (superusers aside) with an id up to {@code newest}. */
	private int visible(Scope scope, long newest) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE scope_id = ? AND about_superuser = FALSE "
				+ "AND id <= ?", Integer.class, scope.getId(), newest);
	}

}
