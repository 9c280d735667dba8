package io.microsys.sso.provider.admin.groups;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /sys/groups} over real HTTP on the real database: creating, changing and deleting groups,
 * adding and removing members under the policy (nobody gives through a group a permission they do
 * not hold, changing what a group gives needs manage_staff, nobody changes their own groups, a
 * person the actor may not see is answered as nobody), members the actor may not see counted and
 * never listed, and a member's permissions changing with the group at once.
 */
@ProviderIntegrationTest
class GroupsTests {

	private final Provider provider;

	private final JdbcClient jdbc;

	private final TestStaff staff;

	GroupsTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.staff = new TestStaff(provider);
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	/** POSTs a form (fields may repeat) with the CSRF token of {@code page}. */
	private HttpResponse<String> post(Browser browser, HttpResponse<String> page, String path, String... fields) {
		List<String> body = new ArrayList<>();
		body.add("_csrf=" + URLEncoder.encode(Browser.csrfToken(page), StandardCharsets.UTF_8));
		for (int i = 0; i < fields.length; i += 2) {
			body.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
		}
		return browser.send(HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", body)))
			.build());
	}

	private long group(String name, Permission... permissions) {
		this.jdbc.sql("INSERT INTO sso_group (name, name_key, created_at, updated_at, version) "
				+ "VALUES (:name, :key, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)")
			.param("name", name)
			.param("key", name.toLowerCase())
			.update();
		long id = this.jdbc.sql("SELECT id FROM sso_group WHERE name_key = :key")
			.param("key", name.toLowerCase())
			.query(Long.class)
			.single();
		for (Permission permission : permissions) {
			this.jdbc.sql("INSERT INTO sso_group_permission (group_id, permission, created_at) "
					+ "VALUES (:id, :permission, CURRENT_TIMESTAMP)")
				.param("id", id)
				.param("permission", permission.code())
				.update();
		}
		return id;
	}

	private void member(long group, SsoUser person) {
		this.jdbc.sql("INSERT INTO sso_group_member (group_id, user_id, created_at) VALUES (:g, :u, CURRENT_TIMESTAMP)")
			.param("g", group)
			.param("u", person.getId())
			.update();
	}

	private boolean isMember(long group, SsoUser person) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_group_member WHERE group_id = :g AND user_id = :u")
			.param("g", group)
			.param("u", person.getId())
			.query(Long.class)
			.single() == 1;
	}

	private String permissionsOf(long group) {
		return this.jdbc.sql("SELECT permission FROM sso_group_permission WHERE group_id = :g ORDER BY permission")
			.param("g", group)
			.query(String.class)
			.list()
			.stream()
			.collect(Collectors.joining(","));
	}

	private List<Map<String, Object>> entries(String type, String targetId) {
		return this.jdbc.sql("SELECT actor_uuid, action, target_type, changes, detail FROM sso_audit_event "
				+ "WHERE event_type = :type AND target_id = :target")
			.param("type", type)
			.param("target", targetId)
			.query()
			.listOfRows();
	}

	private Map<String, Object> entry(String type, String targetId) {
		await().atMost(Duration.ofSeconds(10)).until(() -> entries(type, targetId).size() == 1);
		return entries(type, targetId).get(0);
	}

	@Test
	void groupWhenCreatedChangedAndDeletedThenStoredAndRecorded() {
		SsoUser superuser = this.staff.superuser();
		Browser browser = Pages.signedIn(this.provider.origin(), superuser);
		String name = TestFixtures.unique("Auditors");

		HttpResponse<String> form = browser.get(url("/sys/groups/new"));
		assertThat(form.body()).contains("id=\"permission-manage_staff\"");
		HttpResponse<String> created = post(browser, form, "/sys/groups", "name", name, "description", "Read logs",
				"permissions", "logs.view", "permissions", "users.view");
		assertThat(created.statusCode()).isEqualTo(302);
		long id = this.jdbc.sql("SELECT id FROM sso_group WHERE name_key = :key")
			.param("key", name.toLowerCase())
			.query(Long.class)
			.single();
		assertThat(permissionsOf(id)).isEqualTo("logs.view,users.view");
		Map<String, Object> creation = entry("GROUP_CREATED", String.valueOf(id));
		assertThat(creation.get("action")).isEqualTo("CREATE");
		assertThat((String) creation.get("changes")).contains("\"after\":\"logs.view, users.view\"");

		HttpResponse<String> again = post(browser, form, "/sys/groups", "name", name.toUpperCase());
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(again.body()).getElementById("name-error").text()).contains("already has this name");

		HttpResponse<String> page = browser.followWithin(created, this.provider.origin());
		assertThat(page.body()).contains("The group was created.");
		HttpResponse<String> changed = post(browser, page, "/sys/groups/" + id, "name", name + " 2", "permissions",
				"logs.view", "permissions", "clients.view");
		assertThat(changed.statusCode()).isEqualTo(302);
		assertThat(permissionsOf(id)).isEqualTo("clients.view,logs.view");
		Map<String, Object> change = entry("GROUP_CHANGED", String.valueOf(id));
		assertThat((String) change.get("changes")).contains("\"before\":\"logs.view, users.view\",\"after\":\"clients.view, logs.view\"")
			.contains("\"after\":\"" + name + " 2\"");

		page = browser.get(url("/sys/groups/" + id));
		HttpResponse<String> deleted = browser.submitForm(page, "#delete form", Map.of());
		assertThat(browser.followWithin(deleted, this.provider.origin()).body()).contains("The group was deleted.");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_group WHERE id = :id").param("id", id).query(Long.class).single())
			.isZero();
		entry("GROUP_DELETED", String.valueOf(id));
		assertThat(browser.get(url("/sys/groups/" + id)).statusCode()).isEqualTo(404);
	}

	@Test
	void changeWhenGlobalStaffWithoutManageStaffThenPermissionsRefusedNameAllowed() {
		SsoUser actor = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE,
				Permission.LOGS_VIEW, Permission.USERS_VIEW);
		long id = group(TestFixtures.unique("Readers"), Permission.USERS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), actor);
		HttpResponse<String> page = browser.get(url("/sys/groups/" + id));
		assertThat(page.body()).contains("<input type=\"checkbox\" disabled id=\"permission-logs.view\"");

		HttpResponse<String> refused = post(browser, page, "/sys/groups/" + id, "name", "Renamed " + id,
				"permissions", "users.view", "permissions", "logs.view");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(permissionsOf(id)).isEqualTo("users.view");
		assertThat(entries("GROUP_CHANGED", String.valueOf(id))).isEmpty();

		HttpResponse<String> renamed = browser.submitForm(page, "#group-form", Map.of("name", "Renamed " + id));
		assertThat(renamed.statusCode()).isEqualTo(302);
		assertThat(permissionsOf(id)).isEqualTo("users.view");
		assertThat(this.jdbc.sql("SELECT name FROM sso_group WHERE id = :id").param("id", id).query(String.class).single())
			.isEqualTo("Renamed " + id);
	}

	@Test
	void addMemberWhenGroupGivesAPermissionTheActorLacksThenRefusedAndNotAdded() {
		SsoUser actor = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.MANAGE_STAFF, Permission.GROUPS_VIEW,
				Permission.GROUPS_CHANGE, Permission.USERS_VIEW, Permission.USERS_CHANGE);
		SsoUser colleague = this.staff.unscoped();
		long logs = group(TestFixtures.unique("Logs"), Permission.LOGS_VIEW);
		long people = group(TestFixtures.unique("People"), Permission.USERS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), actor);
		HttpResponse<String> page = browser.get(url("/sys/groups/" + logs + "/members"));
		assertThat(page.body()).contains("This group has no members you can see");

		HttpResponse<String> refused = browser.submitForm(page, "#add-member", Map.of("login", colleague.getUsername()));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(isMember(logs, colleague)).isFalse();

		HttpResponse<String> self = browser.submitForm(browser.get(url("/sys/groups/" + people + "/members")),
				"#add-member", Map.of("login", actor.getUsername()));
		assertThat(self.statusCode()).isEqualTo(403);
		assertThat(isMember(people, actor)).isFalse();

		HttpResponse<String> added = browser.submitForm(browser.get(url("/sys/groups/" + people + "/members")),
				"#add-member", Map.of("login", colleague.getEmail().toUpperCase()));
		assertThat(added.statusCode()).isEqualTo(302);
		assertThat(isMember(people, colleague)).isTrue();
		Map<String, Object> entry = entry("GROUP_MEMBER_ADDED", colleague.getUuid());
		assertThat(entry.get("target_type")).isEqualTo("user");
		assertThat(entry.get("actor_uuid")).isEqualTo(actor.getUuid());
		assertThat((String) entry.get("changes")).contains("\"before\":null");
	}

	@Test
	void membersWhenCentralStaffThenScopedMembersCountedNeverListedNorReachable() {
		Scope scope = this.provider.context().getBean(ScopeRepository.class).save(new Scope(TestFixtures.unique("S")));
		SsoUser actor = this.staff.unscoped(Permission.MANAGE_STAFF, Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE,
				Permission.USERS_VIEW, Permission.USERS_CHANGE);
		SsoUser visible = this.provider.fixtures().user();
		SsoUser scoped = this.provider.fixtures().user((u) -> u.setScope(scope));
		SsoUser superuser = this.staff.superuser();
		long id = group(TestFixtures.unique("Mixed"));
		member(id, visible);
		member(id, scoped);
		member(id, superuser);
		Browser browser = Pages.signedIn(this.provider.origin(), actor);

		HttpResponse<String> page = browser.get(url("/sys/groups/" + id + "/members"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"member-" + visible.getUuid() + "\"")
			.doesNotContain(scoped.getUuid())
			.doesNotContain(scoped.getUsername())
			.doesNotContain(superuser.getUsername())
			.contains("And 2 other members you cannot see.");

		HttpResponse<String> hidden = browser.submitForm(page, "#add-member", Map.of("login", scoped.getUsername()));
		HttpResponse<String> nobody = browser.submitForm(page, "#add-member", Map.of("login", "nobody-" + id));
		assertThat(hidden.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(hidden.body()).getElementById("login-error").text())
			.isEqualTo(Jsoup.parse(nobody.body()).getElementById("login-error").text());

		assertThat(post(browser, page, "/sys/groups/" + id + "/members/" + scoped.getUuid() + "/remove").statusCode())
			.isEqualTo(404);
		assertThat(isMember(id, scoped)).isTrue();

		HttpResponse<String> removed = post(browser, page, "/sys/groups/" + id + "/members/" + visible.getUuid() + "/remove");
		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(isMember(id, visible)).isFalse();
		entry("GROUP_MEMBER_REMOVED", visible.getUuid());
	}

	@Test
	void groupWhenItsPermissionsChangeThenItsMembersGainAndLoseThemAtOnce() {
		SsoUser superuser = this.staff.superuser();
		SsoUser member = this.staff.unscoped();
		long id = group(TestFixtures.unique("Viewers"), Permission.GROUPS_VIEW);
		member(id, member);
		Browser memberBrowser = Pages.signedIn(this.provider.origin(), member);
		assertThat(memberBrowser.get(url("/sys/groups")).statusCode()).isEqualTo(200);

		Browser admin = Pages.signedIn(this.provider.origin(), superuser);
		HttpResponse<String> page = admin.get(url("/sys/groups/" + id));
		HttpResponse<String> changed = post(admin, page, "/sys/groups/" + id, "name", "Viewers " + id,
				"permissions", "users.view");
		assertThat(changed.statusCode()).isEqualTo(302);

		assertThat(memberBrowser.get(url("/sys/groups")).statusCode()).isEqualTo(403);
	}

}
