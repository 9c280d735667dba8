package io.microsys.sso.provider.api.scopes;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.admin.scopes.ScopeAdministration;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/admin/v1/scopes} over real HTTP with real tokens, on the real database: only global
 * staff and superusers holding the action's permission (a scoped service account and central
 * staff are refused, as in the console); create, read, replace and delete with ETags (412 on a
 * stale one, 428 without); a name taken is a 409 and bad input a 400, nothing changed either way;
 * keyset pages past the first; a scope with people is deleted only by moving them; a scope a
 * service account is limited to is never deleted (API and console); the console's changes move
 * the version; and of two replacements sent with the same ETag at once, one wins and one is told.
 */
@ProviderIntegrationTest
class ScopesApiTests {

	private static final Permission[] ALL = { Permission.SCOPES_VIEW, Permission.SCOPES_ADD,
			Permission.SCOPES_CHANGE, Permission.SCOPES_DELETE };

	private final Provider provider;

	private final AdminApiCalls api;

	private final TestStaff staff;

	private final JdbcClient jdbc;

	private final ScopeRepository scopes;

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	ScopesApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.staff = new TestStaff(provider);
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.scopes = provider.context().getBean(ScopeRepository.class);
	}

	@AfterEach
	void stopThreads() {
		this.pool.shutdownNow();
	}

	private String globalToken() {
		return this.api.serviceAccount(null, ALL).token();
	}

	private Scope scope(String prefix) {
		return this.scopes.save(new Scope(TestFixtures.unique(prefix)));
	}

	private long countNamed(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_scope WHERE name_key = :key")
			.param("key", Scope.key(name))
			.query(Long.class)
			.single();
	}

	private Map<String, Object> row(long id) {
		return this.jdbc.sql("SELECT name, description, version FROM sso_scope WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> {
				Map<String, Object> row = new java.util.HashMap<>();
				row.put("name", rs.getString(1));
				row.put("description", rs.getString(2));
				row.put("version", rs.getLong(3));
				return row;
			})
			.single();
	}

	private Long scopeOf(SsoUser person) {
		return this.jdbc.sql("SELECT scope_id FROM sso_user WHERE id = :id")
			.param("id", person.getId())
			.query(Long.class)
			.single();
	}

	@Test
	void scopesWhenCallerIsNotGlobalStaffThenRefusedAndNothingChanges() {
		Scope own = scope("Own");
		String scoped = this.api.serviceAccount(own.getId(), ALL).token();
		String name = TestFixtures.unique("Refused");

		this.api.get(scoped, "/scopes").isProblem(403, "forbidden");
		AdminApiCalls.Response refused = this.api.post(scoped, "/scopes", Map.of("name", name))
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("reason").asString()).isEqualTo("global_staff_only");
		this.api.get(scoped, "/scopes/" + own.getId()).isProblem(403, "forbidden");
		this.api.put(scoped, "/scopes/" + own.getId(), Map.of("name", name), "\"0\"").isProblem(403, "forbidden");
		this.api.delete(scoped, "/scopes/" + own.getId(), "\"0\"").isProblem(403, "forbidden");
		assertThat(countNamed(name)).isZero();
		assertThat(row(own.getId())).containsEntry("name", own.getName());

		SsoUser central = this.staff.unscoped(ALL);
		String centralToken = this.api.personalToken(this.api.commandLineTool(), central);
		assertThat(this.api.get(centralToken, "/me").json().get("tier").asString()).isEqualTo("central_staff");
		this.api.get(centralToken, "/scopes").isProblem(403, "forbidden");
		this.api.post(centralToken, "/scopes", Map.of("name", name)).isProblem(403, "forbidden");
		assertThat(countNamed(name)).isZero();

		String withoutView = this.api.serviceAccount(null, Permission.SCOPES_ADD).token();
		AdminApiCalls.Response noPermission = this.api.get(withoutView, "/scopes").isProblem(403, "forbidden");
		assertThat(noPermission.json().get("reason").asString()).isEqualTo("no_permission");
		assertThat(noPermission.json().get("permission").asString()).isEqualTo("scopes.view");

		SsoUser global = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.SCOPES_VIEW);
		String globalToken = this.api.personalToken(this.api.commandLineTool(), global);
		assertThat(this.api.get(globalToken, "/scopes").status()).isEqualTo(200);
	}

	@Test
	void scopeWhenCreatedReadReplacedAndDeletedThenEachStepNeedsTheCurrentETag() {
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, ALL);
		String token = account.token();
		String name = TestFixtures.unique("Finance");

		AdminApiCalls.Response created = this.api.post(token, "/scopes",
				Map.of("name", "  " + name + " ", "description", "Finance department"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).hasValue(this.provider.origin() + "/api/admin/v1/scopes/" + id);
		assertThat(created.etag()).isEqualTo("\"0\"");
		assertThat(created.json().get("name").asString()).isEqualTo(name);
		assertThat(Instant.parse(created.json().get("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));

		AdminApiCalls.Response read = this.api.get(token, "/scopes/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.etag()).isEqualTo("\"0\"");
		assertThat(read.json().get("description").asString()).isEqualTo("Finance department");
		assertThat(read.json().get("people").asLong()).isZero();

		String renamed = name + " & Budget";
		this.api.put(token, "/scopes/" + id, Map.of("name", renamed), null).isProblem(428, "if-match-required");
		assertThat(row(id)).containsEntry("name", name);

		AdminApiCalls.Response replaced = this.api.put(token, "/scopes/" + id, Map.of("name", renamed), read.etag());
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.etag()).isEqualTo("\"1\"");
		assertThat(replaced.json().get("name").asString()).isEqualTo(renamed);
		assertThat(replaced.json().get("description").isNull()).isTrue();
		assertThat(row(id)).containsEntry("name", renamed).containsEntry("description", null);

		this.api.put(token, "/scopes/" + id, Map.of("name", "Lost update"), read.etag())
			.isProblem(412, "changed-meanwhile");
		assertThat(row(id)).containsEntry("name", renamed);

		this.api.delete(token, "/scopes/" + id, null).isProblem(428, "if-match-required");
		this.api.delete(token, "/scopes/" + id, read.etag()).isProblem(412, "changed-meanwhile");
		assertThat(this.scopes.findById(id)).isPresent();

		assertThat(this.api.delete(token, "/scopes/" + id, replaced.etag()).status()).isEqualTo(204);
		assertThat(this.scopes.findById(id)).isEmpty();
		this.api.get(token, "/scopes/" + id).isProblem(404, "not-found");
		this.api.delete(token, "/scopes/" + id, "*").isProblem(404, "not-found");

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT event_type FROM sso_audit_event WHERE target_type = 'scope' AND target_id = :id "
						+ "AND actor_name = :actor ORDER BY id")
				.param("id", String.valueOf(id))
				.param("actor", "service-account-" + account.clientId())
				.query(String.class)
				.list(), (types) -> types.equals(List.of("SCOPE_CREATED", "SCOPE_CHANGED", "SCOPE_DELETED")));
	}

	@Test
	void nameWhenTakenInAnyCaseThenConflictAndNothingChanges() {
		String token = globalToken();
		Scope taken = scope("Taken");
		Scope other = scope("Other");

		this.api.post(token, "/scopes", Map.of("name", taken.getName().toUpperCase())).isProblem(409, "conflict");
		assertThat(countNamed(taken.getName())).isEqualTo(1);

		String etag = this.api.get(token, "/scopes/" + other.getId()).etag();
		this.api.put(token, "/scopes/" + other.getId(), Map.of("name", taken.getName().toLowerCase()), etag)
			.isProblem(409, "conflict");
		assertThat(row(other.getId())).containsEntry("name", other.getName()).containsEntry("version", 0L);
	}

	@Test
	void requestWhenInputIsBadThenInvalidRequestNamingTheFieldAndNothingStored() {
		String token = globalToken();
		Scope scope = scope("Kept");
		String etag = this.api.get(token, "/scopes/" + scope.getId()).etag();
		String tooLong = "x".repeat(151);

		AdminApiCalls.Response blank = this.api.post(token, "/scopes", Map.of("name", "  ")).isProblem(400,
				"invalid-request");
		assertThat(blank.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
		this.api.post(token, "/scopes", Map.of("name", tooLong)).isProblem(400, "invalid-request");
		this.api.post(token, "/scopes", Map.of("name", "Tab\tbed")).isProblem(400, "invalid-request");
		this.api.post(token, "/scopes", Map.of("name", "Long description", "description", "d".repeat(501)))
			.isProblem(400, "invalid-request");
		this.api.call(token, "POST", "/scopes").json("{\"name\": ").send().isProblem(400, "invalid-request");
		this.api.put(token, "/scopes/" + scope.getId(), Map.of("description", "no name"), etag)
			.isProblem(400, "invalid-request");
		this.api.get(token, "/scopes/not-a-number").isProblem(400, "invalid-request");
		this.api.delete(token, "/scopes/" + scope.getId() + "?moveTo=somewhere", etag)
			.isProblem(400, "invalid-request");
		this.api.delete(token, "/scopes/" + scope.getId() + "?moveTo=" + scope.getId(), etag)
			.isProblem(400, "invalid-request");
		this.api.put(token, "/scopes/" + scope.getId(), Map.of("name", "Weak"), "W/\"0\"")
			.isProblem(412, "changed-meanwhile");

		assertThat(countNamed(tooLong)).isZero();
		assertThat(countNamed("Long description")).isZero();
		assertThat(row(scope.getId())).containsEntry("name", scope.getName()).containsEntry("version", 0L);
	}

	@Test
	void listWhenLongerThanAPageThenNextCursorsReachEveryScopeOnce() {
		String token = globalToken();
		String tag = TestFixtures.unique("Paged");
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 0; i < 120; i++) {
			this.jdbc.sql("INSERT INTO sso_scope (name, name_key, created_at, updated_at) VALUES (:name, :key, :now, :now)")
				.param("name", tag + " " + i)
				.param("key", Scope.key(tag + " " + i))
				.param("now", now)
				.update();
		}

		AdminApiCalls.Response first = this.api.get(token, "/scopes?limit=50");
		assertThat(first.json().get("items")).hasSize(50);
		String next = first.json().get("next").asString();
		assertThat(first.header("Link")).hasValueSatisfying((link) -> assertThat(link)
			.contains("after=" + next).contains("limit=50").endsWith("rel=\"next\""));

		List<JsonNode> all = this.api.all(token, "/scopes", 50);
		List<Long> ids = all.stream().map((item) -> item.get("id").asLong()).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		List<String> names = new ArrayList<>();
		all.stream()
			.map((item) -> item.get("name").asString())
			.filter((name) -> name.startsWith(tag + " "))
			.forEach(names::add);
		assertThat(names).hasSize(120);
		assertThat(all.get(0).get("people").isNull()).isTrue();

		this.api.get(token, "/scopes?limit=0").isProblem(400, "invalid-request");
		this.api.get(token, "/scopes?limit=501").isProblem(400, "invalid-request");
		this.api.get(token, "/scopes?after=not-a-cursor").isProblem(400, "invalid-cursor");
	}

	@Test
	void deleteWhenPeopleRemainThenConflictUnlessTheyMove() {
		String token = globalToken();
		Scope from = scope("From");
		Scope to = scope("To");
		SsoUser first = this.provider.fixtures().user((u) -> u.setScope(from));
		SsoUser second = this.provider.fixtures().user((u) -> u.setScope(from));
		AdminApiCalls.Response read = this.api.get(token, "/scopes/" + from.getId());
		assertThat(read.json().get("people").asLong()).isEqualTo(2);

		this.api.delete(token, "/scopes/" + from.getId(), read.etag()).isProblem(409, "conflict");
		assertThat(this.scopes.findById(from.getId())).isPresent();
		this.api.delete(token, "/scopes/" + from.getId() + "?moveTo=" + Long.MAX_VALUE, read.etag())
			.isProblem(400, "invalid-request");
		assertThat(scopeOf(first)).isEqualTo(from.getId());

		assertThat(this.api.delete(token, "/scopes/" + from.getId() + "?moveTo=" + to.getId(), read.etag()).status())
			.isEqualTo(204);
		assertThat(this.scopes.findById(from.getId())).isEmpty();
		assertThat(scopeOf(first)).isEqualTo(to.getId());
		assertThat(scopeOf(second)).isEqualTo(to.getId());
	}

	@Test
	void deleteWhenAServiceAccountIsLimitedToTheScopeThenRefusedByApiAndConsoleAndTheAccountKeepsItsScope() {
		String token = globalToken();
		Scope limiting = scope("Limiting");
		Scope to = scope("Target");
		AdminApiCalls.ServiceAccount limited = this.api.serviceAccount(limiting.getId(), Permission.USERS_VIEW);
		String etag = this.api.get(token, "/scopes/" + limiting.getId()).etag();

		AdminApiCalls.Response refused = this.api.delete(token, "/scopes/" + limiting.getId(), etag)
			.isProblem(409, "conflict");
		assertThat(refused.json().get("detail").asString()).contains("service account");
		this.api.delete(token, "/scopes/" + limiting.getId() + "?moveTo=" + to.getId(), etag)
			.isProblem(409, "conflict");

		SsoUser admin = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.SCOPES_VIEW, Permission.SCOPES_DELETE);
		Browser browser = Pages.signedIn(this.provider.origin(), admin);
		HttpResponse<String> page = browser.get(this.provider.origin() + "/sys/scopes/" + limiting.getId());
		HttpResponse<String> deleted = browser.submitForm(page, "#delete form", Map.of());
		assertThat(browser.followWithin(deleted, this.provider.origin()).body())
			.contains("A service account is limited to this scope");

		assertThat(this.scopes.findById(limiting.getId())).isPresent();
		assertThat(this.jdbc.sql("SELECT api_scope_id FROM sso_client WHERE id = :id")
			.param("id", limited.client().getId())
			.query(Long.class)
			.single()).isEqualTo(limiting.getId());
		assertThat(this.api.get(limited.token(), "/me").json().get("scopeId").asLong()).isEqualTo(limiting.getId());
	}

	@Test
	void consoleChangeWhenMadeThenTheVersionMovesAndAnOlderETagIsRefused() {
		String token = globalToken();
		Scope scope = scope("Console");
		String etag = this.api.get(token, "/scopes/" + scope.getId()).etag();
		SsoUser admin = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.SCOPES_VIEW, Permission.SCOPES_CHANGE);
		this.provider.context()
			.getBean(ScopeAdministration.class)
			.change(this.provider.context().getBean(Actors.class).of(admin), scope.getId(), scope.getName(),
					"Described in the console");

		AdminApiCalls.Response read = this.api.get(token, "/scopes/" + scope.getId());
		assertThat(read.etag()).isNotEqualTo(etag);
		assertThat(read.json().get("description").asString()).isEqualTo("Described in the console");
		this.api.put(token, "/scopes/" + scope.getId(), Map.of("name", scope.getName()), etag)
			.isProblem(412, "changed-meanwhile");
		assertThat(row(scope.getId())).containsEntry("description", "Described in the console");
	}

	@Test
	void replaceWhenTwoCallersSendTheSameETagAtOnceThenOneWinsAndTheOtherIsTold() throws Exception {
		String token = globalToken();
		for (int round = 0; round < 3; round++) {
			Scope scope = scope("Raced");
			String etag = this.api.get(token, "/scopes/" + scope.getId()).etag();
			List<AdminApiCalls.Response> answers = Simultaneous.all(this.pool, 2, (thread) -> this.api.put(token,
					"/scopes/" + scope.getId(), Map.of("name", scope.getName() + " by " + thread), etag));
			assertThat(answers.stream().map(AdminApiCalls.Response::status).sorted().toList())
				.as(() -> answers.stream().map(AdminApiCalls.Response::body).toList().toString())
				.containsExactly(200, 412);
			AdminApiCalls.Response winner = answers.stream().filter((a) -> a.status() == 200).findFirst().orElseThrow();
			assertThat(row(scope.getId())).containsEntry("name", winner.json().get("name").asString())
				.containsEntry("version", 1L);
		}
	}

}
