package io.microsys.sso.provider.api.serviceaccounts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET|PUT /apps/{clientId}/service-account} over real HTTP with real tokens: read with the
 * app's version as ETag; granted through the API, a fresh client-credentials token does exactly
 * that, and a grant taken away applies to the very next call of the same token; a service account
 * never changes grants, its own or another's; refusals, stale or missing ETags and bad input
 * change nothing; a scope deleted while service accounts are being limited to it is either still
 * there with them limited to it, or gone with none of them limited to it (never a 500).
 */
@ProviderIntegrationTest
class ServiceAccountApiTests {

	final Provider provider;

	final AdminApiCalls api;

	final TestStaff staff;

	final JdbcClient jdbc;

	ServiceAccountApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.staff = new TestStaff(provider);
		this.jdbc = provider.context().getBean(JdbcClient.class);
	}

	private static String path(AdminApiCalls.ServiceAccount account) {
		return path(account.client());
	}

	private static String path(SsoClient app) {
		return "/apps/" + app.getClientId() + "/service-account";
	}

	/** The personal token of global staff who may grant service accounts what they hold. */
	private String granterToken(Permission... more) {
		SsoUser granter = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.MANAGE_STAFF,
				Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE);
		this.staff.grant(granter, more);
		return this.api.personalToken(this.api.commandLineTool(), granter);
	}

	private Scope scope() {
		return new TransactionTemplate(this.provider.context().getBean(PlatformTransactionManager.class))
			.execute((status) -> this.provider.context()
				.getBean(ScopeRepository.class)
				.save(new Scope(TestFixtures.unique("scope"))));
	}

	private static Map<String, Object> change(Long scopeId, String... permissions) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("scopeId", scopeId);
		body.put("permissions", List.of(permissions));
		return body;
	}

	private List<String> granted(SsoClient app) {
		return this.jdbc.sql("SELECT permission FROM sso_client_permission WHERE client_id = :id ORDER BY permission")
			.param("id", app.getId())
			.query(String.class)
			.list();
	}

	private Map<String, Object> row(SsoClient app) {
		return this.jdbc.sql("SELECT api_scope_id, version FROM sso_client WHERE id = :id")
			.param("id", app.getId())
			.query()
			.singleRow();
	}

	private long changes(SsoClient app) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'CLIENT_CHANGED' AND target_id = :client")
			.param("client", app.getClientId())
			.query(Long.class)
			.single();
	}

	private static List<String> strings(AdminApiCalls.Response answer, String field) {
		return answer.json().get(field).valueStream().map((node) -> node.asString()).toList();
	}

	@Test
	void getWhenClientsViewThenTheGrantsWhatIsMissingAndTheAppsVersionAsETag() {
		String reader = this.api.serviceAccount(null, Permission.CLIENTS_VIEW).token();
		Scope scope = scope();
		AdminApiCalls.ServiceAccount target = this.api.serviceAccount(scope.getId(), Permission.USERS_VIEW,
				Permission.LOGS_VIEW);
		AdminApiCalls.Response read = this.api.get(reader, path(target));
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.etag()).isEqualTo("\"" + row(target.client()).get("version") + "\"");
		assertThat(read.json().get("clientId").asString()).isEqualTo(target.clientId());
		assertThat(read.json().get("usable").asBoolean()).isTrue();
		assertThat(strings(read, "missing")).isEmpty();
		assertThat(read.json().get("scopeId").asLong()).isEqualTo(scope.getId());
		assertThat(strings(read, "permissions")).containsExactly("users.view", "logs.view");

		SsoClient unusable = this.provider.fixtures().confidentialClient((c) -> c.setGrantTypes(List.of("authorization_code")));
		AdminApiCalls.Response lacking = this.api.get(reader, path(unusable));
		assertThat(lacking.json().get("usable").asBoolean()).isFalse();
		assertThat(strings(lacking, "missing")).containsExactly("client_credentials", "microsys.admin");
		assertThat(lacking.json().get("scopeId").isNull()).isTrue();
		SsoClient publicApp = this.provider.fixtures().publicClient((c) -> {
		});
		assertThat(strings(this.api.get(reader, path(publicApp)), "missing")).startsWith("confidential");

		this.api.get(reader, "/apps/no-such-app/service-account").isProblem(404, "not-found");
		String blind = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		AdminApiCalls.Response refused = this.api.get(blind, path(target)).isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("clients.view");
	}

	@Test
	void putWhenGrantedThenAFreshTokenDoesExactlyThatAndATakenGrantAppliesToTheNextCall() {
		String granter = granterToken(Permission.USERS_VIEW, Permission.LOGS_VIEW);
		AdminApiCalls.ServiceAccount target = this.api.serviceAccount(null);
		AdminApiCalls.ServiceAccount other = this.api.serviceAccount(null);
		String early = target.token();
		AdminApiCalls.Response read = this.api.get(granter, path(target));
		assertThat(strings(read, "permissions")).isEmpty();

		AdminApiCalls.Response saved = this.api.put(granter, path(target),
				change(null, "clients.view", "users.view", "logs.view"), read.etag());
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.etag()).isNotEqualTo(read.etag());
		assertThat(saved.etag()).isEqualTo("\"" + row(target.client()).get("version") + "\"");
		assertThat(strings(saved, "permissions")).containsExactly("users.view", "clients.view", "logs.view");
		assertThat(granted(target.client())).containsExactly("clients.view", "logs.view", "users.view");
		assertThat(this.api.get(granter, path(target)).etag()).isEqualTo(saved.etag());

		AdminApiCalls.Response me = this.api.get(early, "/me");
		assertThat(strings(me, "permissions")).containsExactlyInAnyOrder("users.view", "clients.view", "logs.view");
		String fresh = target.token();
		assertThat(this.api.get(fresh, path(other)).status()).isEqualTo(200);

		AdminApiCalls.Response taken = this.api.put(granter, path(target), change(null, "users.view", "logs.view"),
				saved.etag());
		assertThat(taken.status()).as(taken.body()).isEqualTo(200);
		AdminApiCalls.Response refused = this.api.get(fresh, path(other)).isProblem(403, "forbidden");
		assertThat(refused.json().get("reason").asString()).isEqualTo("no_permission");
		assertThat(strings(this.api.get(fresh, "/me"), "permissions")).containsExactlyInAnyOrder("users.view",
				"logs.view");
		await().atMost(Duration.ofSeconds(10)).until(() -> changes(target.client()) == 2);
	}

	@Test
	void putWhenLimitedToAScopeThenTheAccountActsAsScopedStaff() {
		String granter = granterToken(Permission.USERS_VIEW);
		Scope scope = scope();
		AdminApiCalls.ServiceAccount target = this.api.serviceAccount(null);
		AdminApiCalls.Response saved = this.api.put(granter, path(target), change(scope.getId(), "users.view"),
				this.api.get(granter, path(target)).etag());
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().get("scopeId").asLong()).isEqualTo(scope.getId());
		AdminApiCalls.Response me = this.api.get(target.token(), "/me");
		assertThat(me.json().get("tier").asString()).isEqualTo("scoped_staff");
		assertThat(me.json().get("scopeId").asLong()).isEqualTo(scope.getId());
		assertThat(strings(me, "permissions")).containsExactly("users.view");
	}

	@Test
	void putWhenScopedStaffThenOnlyWithinTheirScope() {
		Scope own = scope();
		SsoUser scoped = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setScope(own);
		});
		this.staff.grant(scoped, Permission.MANAGE_STAFF, Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE,
				Permission.USERS_VIEW);
		String token = this.api.personalToken(this.api.commandLineTool(), scoped);
		AdminApiCalls.ServiceAccount unlimited = this.api.serviceAccount(null);
		AdminApiCalls.Response refused = this.api
			.put(token, path(unlimited), change(own.getId(), "users.view"), "*")
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("reason").asString()).isEqualTo("global_staff_only");
		assertThat(granted(unlimited.client())).isEmpty();
		assertThat(row(unlimited.client()).get("api_scope_id")).isNull();

		AdminApiCalls.ServiceAccount limited = this.api.serviceAccount(own.getId());
		assertThat(this.api.put(token, path(limited), change(own.getId(), "users.view"), "*").status()).isEqualTo(200);
		assertThat(granted(limited.client())).containsExactly("users.view");
	}

	@Test
	void putWhenTheCallerIsAServiceAccountThenRefusedForItselfAndOthers() {
		Permission[] everything = java.util.Arrays.stream(Permission.values())
			.filter((permission) -> !permission.onlySuperusersGrant())
			.toArray(Permission[]::new);
		AdminApiCalls.ServiceAccount robot = this.api.serviceAccount(null, everything);
		AdminApiCalls.ServiceAccount other = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String token = robot.token();
		Map<String, Object> robotBefore = row(robot.client());
		Map<String, Object> otherBefore = row(other.client());
		for (AdminApiCalls.ServiceAccount target : List.of(robot, other)) {
			AdminApiCalls.Response read = this.api.get(token, path(target));
			assertThat(read.status()).isEqualTo(200);
			AdminApiCalls.Response refused = this.api.put(token, path(target), change(null, "users.view"), read.etag())
				.isProblem(403, "forbidden");
			assertThat(refused.json().get("reason").asString()).isEqualTo("staff_managers_only");
			assertThat(refused.json().get("permission").asString()).isEqualTo("manage_staff");
		}
		assertThat(granted(robot.client())).hasSize(everything.length);
		assertThat(granted(other.client())).containsExactly("users.view");
		assertThat(row(robot.client())).isEqualTo(robotBefore);
		assertThat(row(other.client())).isEqualTo(otherBefore);
		assertThat(changes(robot.client()) + changes(other.client())).isZero();
	}

	@Test
	void putWhenIfMatchMissingOrStaleThen428Or412AndNothingChanged() {
		String granter = granterToken(Permission.USERS_VIEW);
		AdminApiCalls.ServiceAccount target = this.api.serviceAccount(null);
		String etag = this.api.get(granter, path(target)).etag();
		Map<String, Object> before = row(target.client());
		this.api.put(granter, path(target), change(null, "users.view"), null).isProblem(428, "if-match-required");
		this.api.put(granter, path(target), change(null, "users.view"), "\"999999\"")
			.isProblem(412, "changed-meanwhile");
		this.api.put(granter, path(target), change(null, "users.view"), "W/" + etag)
			.isProblem(412, "changed-meanwhile");
		assertThat(granted(target.client())).isEmpty();
		assertThat(row(target.client())).isEqualTo(before);
		assertThat(this.api.put(granter, path(target), change(null, "users.view"), etag).status()).isEqualTo(200);
		this.api.put(granter, path(target), change(null), etag).isProblem(412, "changed-meanwhile");
		assertThat(granted(target.client())).containsExactly("users.view");
	}

	@Test
	void putWhenSentAtOnceThenOneWinsPerETagAndOverwritesTakeTurns() throws Exception {
		String granter = granterToken(Permission.USERS_VIEW, Permission.LOGS_VIEW, Permission.GROUPS_VIEW,
				Permission.REGISTRATIONS_VIEW);
		AdminApiCalls.ServiceAccount target = this.api.serviceAccount(null);
		String etag = this.api.get(granter, path(target)).etag();
		long version = ((Number) row(target.client()).get("version")).longValue();
		List<List<String>> sets = List.of(List.of("users.view"), List.of("logs.view", "groups.view"),
				List.of("registrations.view"), List.of("users.view", "logs.view", "groups.view"));
		ExecutorService pool = Executors.newFixedThreadPool(sets.size());
		try {
			List<Integer> statuses = Simultaneous.all(pool, sets.size(), (thread) -> this.api
				.put(granter, path(target), change(null, sets.get(thread).toArray(String[]::new)), etag)
				.status());
			assertThat(statuses).containsOnly(200, 412);
			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
			List<String> winner = sets.get(statuses.indexOf(200));
			assertThat(granted(target.client())).containsExactlyInAnyOrderElementsOf(winner);
			assertThat(((Number) row(target.client()).get("version")).longValue()).isEqualTo(version + 1);

			List<Integer> overwrites = Simultaneous.all(pool, sets.size(), (thread) -> this.api
				.put(granter, path(target), change(null, sets.get(thread).toArray(String[]::new)), "*")
				.status());
			assertThat(overwrites).containsOnly(200);
			AdminApiCalls.Response last = this.api.get(granter, path(target));
			List<String> kept = strings(last, "permissions").stream().sorted().toList();
			assertThat(sets.stream().map((set) -> set.stream().sorted().toList())).contains(kept);
			assertThat(granted(target.client())).containsExactlyInAnyOrderElementsOf(strings(last, "permissions"));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void putWhenTheScopeIsDeletedAtOnceThenNo500AndNoServiceAccountLimitedToAGoneScope() throws Exception {
		String granter = granterToken(Permission.USERS_VIEW);
		String deleter = this.api.serviceAccount(null, Permission.SCOPES_VIEW, Permission.SCOPES_DELETE).token();
		int limited = 5;
		ExecutorService pool = Executors.newFixedThreadPool(limited + 1);
		try {
			for (int round = 0; round < 6; round++) {
				Scope scope = scope();
				List<AdminApiCalls.ServiceAccount> targets = new java.util.ArrayList<>();
				for (int i = 0; i < limited; i++) {
					targets.add(this.api.serviceAccount(null));
				}
				List<AdminApiCalls.Response> answers = Simultaneous.all(pool, limited + 1,
						(thread) -> (thread == limited) ? this.api.delete(deleter, "/scopes/" + scope.getId(), "*")
								: this.api.put(granter, path(targets.get(thread)), change(scope.getId(), "users.view"),
										"*"));
				AdminApiCalls.Response deleted = answers.get(limited);
				boolean scopeLeft = this.jdbc.sql("SELECT COUNT(*) FROM sso_scope WHERE id = :id")
					.param("id", scope.getId())
					.query(Long.class)
					.single() == 1;
				if (scopeLeft) {
					deleted.isProblem(409, "conflict");
				}
				else {
					assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
				}
				for (int i = 0; i < limited; i++) {
					AdminApiCalls.Response answer = answers.get(i);
					Object limitedTo = row(targets.get(i).client()).get("api_scope_id");
					if (scopeLeft) {
						assertThat(answer.status()).as(answer.body()).isEqualTo(200);
						assertThat(((Number) limitedTo).longValue()).isEqualTo(scope.getId());
						assertThat(granted(targets.get(i).client())).containsExactly("users.view");
					}
					else {
						answer.isProblem(400, "invalid-request");
						assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("scopeId");
						assertThat(limitedTo).isNull();
						assertThat(granted(targets.get(i).client())).isEmpty();
					}
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void putWhenInputIsBadThenAClear4xxAndNothingChanged() {
		String granter = granterToken(Permission.USERS_VIEW);
		AdminApiCalls.ServiceAccount target = this.api.serviceAccount(null);
		Map<String, Object> before = row(target.client());

		AdminApiCalls.Response unknown = this.api.put(granter, path(target), change(null, "users.fly"), "*")
			.isProblem(400, "invalid-request");
		assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("permissions");
		AdminApiCalls.Response noList = this.api.put(granter, path(target), Map.of(), "*")
			.isProblem(400, "invalid-request");
		assertThat(noList.json().get("errors").get(0).get("field").asString()).isEqualTo("permissions");
		this.api.put(granter, path(target), "{not json", "*").isProblem(400, "invalid-request");
		AdminApiCalls.Response noScope = this.api.put(granter, path(target), change(999_999_999L, "users.view"), "*")
			.isProblem(400, "invalid-request");
		assertThat(noScope.json().get("errors").get(0).get("field").asString()).isEqualTo("scopeId");
		this.api.put(granter, path(target), change(-1L, "users.view"), "*").isProblem(400, "invalid-request");
		AdminApiCalls.Response manageStaff = this.api.put(granter, path(target), change(null, "manage_staff"), "*")
			.isProblem(403, "forbidden");
		assertThat(manageStaff.json().get("reason").asString()).isEqualTo("area_actions_only");
		AdminApiCalls.Response notHeld = this.api.put(granter, path(target), change(null, "settings.change"), "*")
			.isProblem(403, "forbidden");
		assertThat(notHeld.json().get("reason").asString()).isEqualTo("permission_not_held");
		this.api.put(granter, "/apps/no-such-app/service-account", change(null, "users.view"), "*")
			.isProblem(404, "not-found");
		assertThat(granted(target.client())).isEmpty();
		assertThat(row(target.client())).isEqualTo(before);

		SsoClient publicApp = this.provider.fixtures().publicClient((c) -> {
		});
		AdminApiCalls.Response publicRefused = this.api.put(granter, path(publicApp), change(null, "users.view"), "*")
			.isProblem(400, "invalid-request");
		assertThat(publicRefused.json().get("errors").get(0).get("message").asString())
			.contains("public app cannot have a service account");
		assertThat(granted(publicApp)).isEmpty();
		assertThat(changes(target.client()) + changes(publicApp)).isZero();
	}

}
