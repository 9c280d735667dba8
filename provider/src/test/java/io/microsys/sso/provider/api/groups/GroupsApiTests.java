package io.microsys.sso.provider.api.groups;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/admin/v1/groups} and {@code /permissions} over real HTTP with real tokens, on the
 * real database: {@code groups.view} alone writes nothing; a service account (which never holds
 * {@code manage_staff}) never changes what a group gives; staff with {@code manage_staff} give only
 * what they hold; create, read, replace and delete with ETags; a name taken is a 409 and bad input
 * a 400, nothing changed either way; keyset pages of groups and of members, members filtered to
 * those the caller may see; adding and removing a member are idempotent; and of two replacements
 * sent with the same ETag at once, one wins and one is told.
 */
@ProviderIntegrationTest
class GroupsApiTests {

	private static final Permission[] GROUPS = { Permission.GROUPS_VIEW, Permission.GROUPS_ADD,
			Permission.GROUPS_CHANGE, Permission.GROUPS_DELETE };

	private final Provider provider;

	private final AdminApiCalls api;

	private final TestStaff staff;

	private final JdbcClient jdbc;

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	GroupsApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.staff = new TestStaff(provider);
		this.jdbc = provider.context().getBean(JdbcClient.class);
	}

	@AfterEach
	void stopThreads() {
		this.pool.shutdownNow();
	}

	/** A group stored as the console stores it, giving {@code permissions}. */
	private long group(String prefix, Permission... permissions) {
		Timestamp now = Timestamp.from(Instant.now());
		String name = TestFixtures.unique(prefix);
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO sso_group (name, name_key, created_at, updated_at, version) "
				+ "VALUES (:name, :key, :now, :now, 0)")
			.param("name", name)
			.param("key", name.toLowerCase())
			.param("now", now)
			.update(key, "id");
		long id = key.getKey().longValue();
		for (Permission permission : permissions) {
			this.jdbc.sql("INSERT INTO sso_group_permission (group_id, permission, created_at) VALUES (:id, :p, :now)")
				.param("id", id)
				.param("p", permission.code())
				.param("now", now)
				.update();
		}
		return id;
	}

	private void member(long groupId, SsoUser person) {
		this.jdbc.sql("INSERT INTO sso_group_member (group_id, user_id, created_at) VALUES (:id, :user, :now)")
			.param("id", groupId)
			.param("user", person.getId())
			.param("now", Timestamp.from(Instant.now()))
			.update();
	}

	private Map<String, Object> row(long id) {
		return this.jdbc.sql("SELECT name, version FROM sso_group WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> {
				Map<String, Object> row = new HashMap<>();
				row.put("name", rs.getString(1));
				row.put("version", rs.getLong(2));
				return row;
			})
			.optional()
			.orElse(Map.of());
	}

	private List<String> permissionsOf(long id) {
		return this.jdbc.sql("SELECT permission FROM sso_group_permission WHERE group_id = :id ORDER BY permission")
			.param("id", id)
			.query(String.class)
			.list();
	}

	private long memberships(long groupId, SsoUser person) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_group_member WHERE group_id = :id AND user_id = :user")
			.param("id", groupId)
			.param("user", person.getId())
			.query(Long.class)
			.single();
	}

	private long countNamed(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_group WHERE name_key = :key")
			.param("key", name.trim().toLowerCase())
			.query(Long.class)
			.single();
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	@Test
	void groupsWhenCallerMayOnlyViewThenEveryWriteIsRefusedAndNothingChanges() {
		long id = group("Viewed");
		SsoUser person = this.provider.fixtures().user();
		String token = this.api.serviceAccount(null, Permission.GROUPS_VIEW, Permission.USERS_VIEW,
				Permission.USERS_CHANGE).token();
		String name = TestFixtures.unique("Refused");

		assertThat(this.api.get(token, "/groups").status()).isEqualTo(200);
		String etag = this.api.get(token, "/groups/" + id).etag();
		AdminApiCalls.Response refused = this.api.post(token, "/groups", Map.of("name", name))
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("groups.add");
		this.api.put(token, "/groups/" + id, Map.of("name", name, "permissions", List.of()), etag)
			.isProblem(403, "forbidden");
		this.api.delete(token, "/groups/" + id, etag).isProblem(403, "forbidden");
		this.api.call(token, "PUT", "/groups/" + id + "/members/" + person.getUuid()).send()
			.isProblem(403, "forbidden");

		assertThat(countNamed(name)).isZero();
		assertThat(row(id)).containsEntry("version", 0L);
		assertThat(memberships(id, person)).isZero();

		String nothing = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		this.api.get(nothing, "/groups").isProblem(403, "forbidden");
		this.api.get(nothing, "/groups/" + id).isProblem(403, "forbidden");
		this.api.get(nothing, "/groups/" + id + "/members").isProblem(403, "forbidden");
	}

	@Test
	void groupWhenCreatedReadReplacedAndDeletedThenEachStepNeedsTheCurrentETag() {
		String token = this.api.serviceAccount(null, GROUPS).token();
		String name = TestFixtures.unique("Helpdesk");

		AdminApiCalls.Response created = this.api.post(token, "/groups",
				Map.of("name", name, "description", "First line"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).hasValue(this.provider.origin() + "/api/admin/v1/groups/" + id);
		assertThat(created.etag()).isEqualTo("\"0\"");
		assertThat(strings(created.json().get("permissions"))).isEmpty();

		AdminApiCalls.Response read = this.api.get(token, "/groups/" + id);
		assertThat(read.etag()).isEqualTo("\"0\"");
		assertThat(read.json().get("members").asLong()).isZero();
		assertThat(read.json().get("description").asString()).isEqualTo("First line");

		String renamed = name + " (second line)";
		Map<String, Object> body = Map.of("name", renamed, "permissions", List.of());
		this.api.put(token, "/groups/" + id, body, null).isProblem(428, "if-match-required");
		assertThat(row(id)).containsEntry("name", name);

		AdminApiCalls.Response replaced = this.api.put(token, "/groups/" + id, body, read.etag());
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.etag()).isEqualTo("\"1\"");
		assertThat(replaced.json().get("name").asString()).isEqualTo(renamed);
		assertThat(replaced.json().get("description").isNull()).isTrue();

		this.api.put(token, "/groups/" + id, Map.of("name", "Lost", "permissions", List.of()), read.etag())
			.isProblem(412, "changed-meanwhile");
		assertThat(row(id)).containsEntry("name", renamed);

		this.api.delete(token, "/groups/" + id, null).isProblem(428, "if-match-required");
		this.api.delete(token, "/groups/" + id, read.etag()).isProblem(412, "changed-meanwhile");
		assertThat(row(id)).isNotEmpty();
		assertThat(this.api.delete(token, "/groups/" + id, replaced.etag()).status()).isEqualTo(204);
		assertThat(row(id)).isEmpty();
		this.api.get(token, "/groups/" + id).isProblem(404, "not-found");
	}

	@Test
	void serviceAccountWhenChangingWhatAGroupGivesThenRefusedAndNothingChanged() {
		String token = this.api.serviceAccount(null, Permission.GROUPS_VIEW, Permission.GROUPS_ADD,
				Permission.GROUPS_CHANGE, Permission.GROUPS_DELETE, Permission.USERS_VIEW, Permission.LOGS_VIEW)
			.token();
		long id = group("Giving", Permission.USERS_VIEW);
		String etag = this.api.get(token, "/groups/" + id).etag();
		String name = TestFixtures.unique("Given");

		AdminApiCalls.Response create = this.api
			.post(token, "/groups", Map.of("name", name, "permissions", List.of("users.view")))
			.isProblem(403, "forbidden");
		assertThat(create.json().get("reason").asString()).isEqualTo("staff_managers_only");
		assertThat(create.json().get("permission").asString()).isEqualTo("manage_staff");
		assertThat(countNamed(name)).isZero();

		String current = (String) row(id).get("name");
		this.api.put(token, "/groups/" + id, Map.of("name", current, "permissions", List.of()), etag)
			.isProblem(403, "forbidden");
		this.api.put(token, "/groups/" + id,
				Map.of("name", name, "permissions", List.of("users.view", "logs.view")), etag)
			.isProblem(403, "forbidden");
		this.api.delete(token, "/groups/" + id, etag).isProblem(403, "forbidden");
		assertThat(permissionsOf(id)).containsExactly("users.view");
		assertThat(row(id)).containsEntry("name", current).containsEntry("version", 0L);

		AdminApiCalls.Response renamed = this.api.put(token, "/groups/" + id,
				Map.of("name", name, "permissions", List.of("users.view")), etag);
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(strings(renamed.json().get("permissions"))).containsExactly("users.view");
		assertThat(permissionsOf(id)).containsExactly("users.view");
	}

	@Test
	void staffManagerWhenGivingPermissionsAndChangingMembersThenOnlyWhatTheyHoldAndIdempotently() {
		SsoUser manager = this.staff.unscoped(Permission.MANAGE_STAFF, Permission.GROUPS_VIEW, Permission.GROUPS_ADD,
				Permission.GROUPS_CHANGE, Permission.GROUPS_DELETE, Permission.USERS_VIEW, Permission.USERS_CHANGE);
		String token = this.api.personalToken(this.api.commandLineTool(), manager);
		String name = TestFixtures.unique("Readers");

		AdminApiCalls.Response created = this.api.post(token, "/groups",
				Map.of("name", name, "permissions", List.of("users.view")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(strings(created.json().get("permissions"))).containsExactly("users.view");
		long id = created.json().get("id").asLong();
		AdminApiCalls.Response notHeld = this.api
			.post(token, "/groups", Map.of("name", name + " 2", "permissions", List.of("logs.view")))
			.isProblem(403, "forbidden");
		assertThat(notHeld.json().get("reason").asString()).isEqualTo("permission_not_held");
		AdminApiCalls.Response superusers = this.api
			.post(token, "/groups", Map.of("name", name + " 3", "permissions", List.of("manage_staff")))
			.isProblem(403, "forbidden");
		assertThat(superusers.json().get("reason").asString()).isEqualTo("superusers_only");
		assertThat(countNamed(name + " 2")).isZero();
		assertThat(countNamed(name + " 3")).isZero();

		SsoUser person = this.provider.fixtures().user();
		String path = "/groups/" + id + "/members/" + person.getUuid();
		assertThat(this.api.call(token, "PUT", path).send().status()).isEqualTo(204);
		assertThat(this.api.call(token, "PUT", path).send().status()).isEqualTo(204);
		assertThat(memberships(id, person)).isEqualTo(1);
		List<JsonNode> members = this.api.all(token, "/groups/" + id + "/members", 50);
		assertThat(members).singleElement().satisfies((member) -> {
			assertThat(member.get("id").asString()).isEqualTo(person.getUuid());
			assertThat(member.get("username").asString()).isEqualTo(person.getUsername());
		});
		assertThat(this.api.get(token, "/groups/" + id).json().get("members").asLong()).isEqualTo(1);

		String serviceAccount = this.api.serviceAccount(null, Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE,
				Permission.USERS_VIEW, Permission.USERS_CHANGE).token();
		this.api.call(serviceAccount, "DELETE", path).send().isProblem(403, "forbidden");
		assertThat(memberships(id, person)).isEqualTo(1);

		assertThat(this.api.call(token, "DELETE", path).send().status()).isEqualTo(204);
		assertThat(this.api.call(token, "DELETE", path).send().status()).isEqualTo(204);
		assertThat(memberships(id, person)).isZero();
		this.api.call(token, "PUT", "/groups/" + id + "/members/no-such-person").send().isProblem(404, "not-found");
		this.api.call(token, "PUT", "/groups/" + Long.MAX_VALUE + "/members/" + person.getUuid()).send()
			.isProblem(404, "not-found");

		Map<String, JsonNode> catalogue = new HashMap<>();
		this.api.get(token, "/permissions").json().get("items").forEach((item) -> catalogue.put(item.get("code").asString(), item));
		assertThat(catalogue).hasSize(Permission.values().length);
		assertThat(catalogue.get("users.view").get("area").asString()).isEqualTo("users");
		assertThat(catalogue.get("users.view").get("action").asString()).isEqualTo("view");
		assertThat(catalogue.get("users.view").get("held").asBoolean()).isTrue();
		assertThat(catalogue.get("users.view").get("grantable").asBoolean()).isTrue();
		assertThat(catalogue.get("logs.view").get("held").asBoolean()).isFalse();
		assertThat(catalogue.get("logs.view").get("grantable").asBoolean()).isFalse();
		JsonNode manageStaff = catalogue.get("manage_staff");
		assertThat(manageStaff.get("area").isNull()).isTrue();
		assertThat(manageStaff.get("action").isNull()).isTrue();
		assertThat(manageStaff.get("onlySuperusersGrant").asBoolean()).isTrue();
		assertThat(manageStaff.get("held").asBoolean()).isTrue();
		assertThat(manageStaff.get("grantable").asBoolean()).isFalse();
	}

	@Test
	void groupWhenNameTakenOrInputBadThenRefusedAndNothingChanges() {
		String token = this.api.serviceAccount(null, GROUPS).token();
		long taken = group("Taken");
		long other = group("Other");
		String takenName = (String) row(taken).get("name");
		String etag = this.api.get(token, "/groups/" + other).etag();
		long groups = this.jdbc.sql("SELECT COUNT(*) FROM sso_group").query(Long.class).single();

		this.api.post(token, "/groups", Map.of("name", takenName.toUpperCase())).isProblem(409, "conflict");
		assertThat(countNamed(takenName)).isEqualTo(1);
		this.api.put(token, "/groups/" + other, Map.of("name", takenName, "permissions", List.of()), etag)
			.isProblem(409, "conflict");

		String name = TestFixtures.unique("Bad");
		AdminApiCalls.Response unknown = this.api
			.post(token, "/groups", Map.of("name", name, "permissions", List.of("users.fly")))
			.isProblem(400, "invalid-request");
		assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("permissions");
		this.api.post(token, "/groups", Map.of("name", "")).isProblem(400, "invalid-request");
		this.api.post(token, "/groups", Map.of("name", "x".repeat(151))).isProblem(400, "invalid-request");
		this.api.post(token, "/groups", Map.of("name", name, "permissions", "users.view"))
			.isProblem(400, "invalid-request");
		AdminApiCalls.Response missing = this.api.put(token, "/groups/" + other, Map.of("name", name), etag)
			.isProblem(400, "invalid-request");
		assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("permissions");
		this.api.get(token, "/groups/" + other + "/members?limit=9999").isProblem(400, "invalid-request");
		this.api.get(token, "/groups/" + other + "/members?after=bm9wZQ").isProblem(400, "invalid-cursor");

		assertThat(countNamed(name)).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_group").query(Long.class).single()).isEqualTo(groups);
		assertThat(row(other)).containsEntry("version", 0L);
	}

	@Test
	void listsWhenLongerThanAPageThenEveryGroupAndEveryVisibleMemberOnce() {
		String tag = TestFixtures.unique("Paged");
		for (int i = 0; i < 60; i++) {
			group(tag);
		}
		String global = this.api.serviceAccount(null, Permission.GROUPS_VIEW).token();
		AdminApiCalls.Response first = this.api.get(global, "/groups?limit=50");
		assertThat(first.json().get("items")).hasSize(50);
		assertThat(first.header("Link")).hasValueSatisfying((link) -> assertThat(link).endsWith("rel=\"next\""));
		List<JsonNode> groups = this.api.all(global, "/groups", 50);
		assertThat(groups.stream().map((group) -> group.get("id").asLong()).toList()).isSorted()
			.doesNotHaveDuplicates();
		assertThat(groups.stream().filter((group) -> group.get("name").asString().startsWith(tag))).hasSize(60);

		ScopeRepository scopes = this.provider.context().getBean(ScopeRepository.class);
		Scope mine = scopes.save(new Scope(TestFixtures.unique("Mine")));
		Scope theirs = scopes.save(new Scope(TestFixtures.unique("Theirs")));
		long id = group("Crowded");
		List<String> mineIds = new ArrayList<>();
		for (int i = 0; i < 55; i++) {
			SsoUser person = this.provider.fixtures().user((u) -> u.setScope(mine));
			member(id, person);
			mineIds.add(person.getUuid());
		}
		member(id, this.provider.fixtures().user((u) -> u.setScope(theirs)));
		member(id, this.provider.fixtures().user());
		member(id, this.staff.superuser());

		String scoped = this.api.serviceAccount(mine.getId(), Permission.GROUPS_VIEW).token();
		List<JsonNode> seen = this.api.all(scoped, "/groups/" + id + "/members", 50);
		assertThat(seen.stream().map((member) -> member.get("id").asString()).toList())
			.containsExactlyInAnyOrderElementsOf(mineIds);
		assertThat(this.api.all(global, "/groups/" + id + "/members", 50)).hasSize(57);
		assertThat(this.api.get(scoped, "/groups/" + id).json().get("members").asLong()).isEqualTo(58);
	}

	@Test
	void replaceWhenTwoCallersSendTheSameETagAtOnceThenOneWinsAndTheOtherIsTold() throws Exception {
		String token = this.api.serviceAccount(null, GROUPS).token();
		for (int round = 0; round < 3; round++) {
			long id = group("Raced");
			String name = (String) row(id).get("name");
			String etag = this.api.get(token, "/groups/" + id).etag();
			List<AdminApiCalls.Response> answers = Simultaneous.all(this.pool, 2, (thread) -> this.api.put(token,
					"/groups/" + id, Map.of("name", name + " by " + thread, "permissions", List.of()), etag));
			assertThat(answers.stream().map(AdminApiCalls.Response::status).sorted().toList())
				.as(() -> answers.stream().map(AdminApiCalls.Response::body).toList().toString())
				.containsExactly(200, 412);
			AdminApiCalls.Response winner = answers.stream().filter((a) -> a.status() == 200).findFirst().orElseThrow();
			assertThat(row(id)).containsEntry("name", winner.json().get("name").asString())
				.containsEntry("version", 1L);
		}
	}

}
