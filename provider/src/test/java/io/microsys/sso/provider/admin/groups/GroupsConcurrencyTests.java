package io.microsys.sso.provider.admin.groups;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /sys/groups} when many staff tabs (one signed-in browser each) change the same group or
 * the same membership at the same moment, over real HTTP on the real database (MariaDB in the
 * MySQL run): every answer is a success or a clear 4xx, never a 500; no row is doubled; the rows
 * left are what the answers said; and the activity log holds one entry per change that happened,
 * none for a change that did not.
 */
@ProviderIntegrationTest
class GroupsConcurrencyTests {

	private static final int THREADS = 8;

	private static final String ADDED = "The person was added to the group.";

	private static final String ALREADY = "That person is already in the group.";

	private static final String REMOVED = "The person was removed from the group.";

	private static final String NOT_MEMBER = "That person is not in the group.";

	private final Provider provider;

	private final JdbcClient jdbc;

	private final TestStaff staff;

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

	GroupsConcurrencyTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.staff = new TestStaff(provider);
	}

	@AfterEach
	void stopThreads() {
		this.pool.shutdownNow();
	}

	/** A signed-in browser with a page of the console open. */
	private record Tab(Browser browser, HttpResponse<String> page) {

		String token() {
			return Browser.csrfToken(this.page);
		}

	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	/** {@link #THREADS} browsers where {@code actor} signed in, each with {@code path} open. */
	private List<Tab> tabs(SsoUser actor, String path) {
		List<Tab> tabs = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			tabs.add(tab(actor, path));
		}
		return tabs;
	}

	private Tab tab(SsoUser actor, String path) {
		Browser browser = Pages.signedIn(this.provider.origin(), actor);
		HttpResponse<String> page = browser.get(url(path));
		assertThat(page.statusCode()).as(path).isEqualTo(200);
		return new Tab(browser, page);
	}

	/** POSTs a form (fields may repeat) from the tab. */
	private HttpResponse<String> post(Tab tab, String path, String... fields) {
		List<String> body = new ArrayList<>();
		body.add("_csrf=" + URLEncoder.encode(tab.token(), StandardCharsets.UTF_8));
		for (int i = 0; i < fields.length; i += 2) {
			body.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
		}
		return tab.browser()
			.send(HttpRequest.newBuilder(URI.create(url(path)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString(String.join("&", body)))
				.build());
	}

	/** The message the page after a redirect shows (success or problem). */
	private String flash(Tab tab, HttpResponse<String> answer) {
		HttpResponse<String> page = tab.browser().followWithin(answer, this.provider.origin());
		Element flash = Jsoup.parse(page.body()).selectFirst("#flash, #flash-problem");
		return (flash != null) ? flash.text() : "";
	}

	private static List<Integer> statuses(List<HttpResponse<String>> answers) {
		return answers.stream().map(HttpResponse::statusCode).toList();
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

	private long count(String sql, Object... parameters) {
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql);
		for (Object parameter : parameters) {
			statement = statement.param(parameter);
		}
		return statement.query(Long.class).single();
	}

	private List<Map<String, Object>> entries(String type, String targetId) {
		return this.jdbc.sql("SELECT target_name, changes, detail FROM sso_audit_event "
				+ "WHERE event_type = :type AND target_id = :target ORDER BY id")
			.param("type", type)
			.param("target", targetId)
			.query()
			.listOfRows();
	}

	@Test
	void addMemberWhenManyAddTheSamePersonAtOnceThenOneAddsAndTheOthersAreToldAlready() throws Exception {
		SsoUser actor = this.staff.superuser();
		SsoUser person = this.provider.fixtures().user();
		long id = group(TestFixtures.unique("Same"), Permission.USERS_VIEW);
		List<Tab> tabs = tabs(actor, "/sys/groups/" + id + "/members");

		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS,
				(thread) -> post(tabs.get(thread), "/sys/groups/" + id + "/members", "login", person.getUsername()));

		assertThat(statuses(answers)).containsOnly(302);
		List<String> flashes = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			flashes.add(flash(tabs.get(i), answers.get(i)));
		}
		assertThat(flashes).containsOnly(ADDED, ALREADY).containsOnlyOnce(ADDED);
		assertThat(count("SELECT COUNT(*) FROM sso_group_member WHERE group_id = ? AND user_id = ?", id,
				person.getId()))
			.isEqualTo(1);
		assertThat(entries("GROUP_MEMBER_ADDED", person.getUuid())).hasSize(1);
	}

	@Test
	void removeMemberWhenManyRemoveTheSamePersonAtOnceThenOneRemovesAndTheOthersAreToldNotMember()
			throws Exception {
		SsoUser actor = this.staff.superuser();
		SsoUser person = this.provider.fixtures().user();
		long id = group(TestFixtures.unique("Leaving"), Permission.USERS_VIEW);
		member(id, person);
		List<Tab> tabs = tabs(actor, "/sys/groups/" + id + "/members");

		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS, (thread) -> post(tabs.get(thread),
				"/sys/groups/" + id + "/members/" + person.getUuid() + "/remove"));

		assertThat(statuses(answers)).containsOnly(302);
		List<String> flashes = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			flashes.add(flash(tabs.get(i), answers.get(i)));
		}
		assertThat(flashes).containsOnly(REMOVED, NOT_MEMBER).containsOnlyOnce(REMOVED);
		assertThat(count("SELECT COUNT(*) FROM sso_group_member WHERE group_id = ?", id)).isZero();
		assertThat(entries("GROUP_MEMBER_REMOVED", person.getUuid())).hasSize(1);
	}

	@Test
	void changeWhenManyGrantAndRevokeTheSamePermissionAtOnceThenTheLogHoldsExactlyTheChangesMade()
			throws Exception {
		SsoUser actor = this.staff.superuser();
		String name = TestFixtures.unique("Toggled");
		long id = group(name, Permission.USERS_VIEW);
		List<Tab> tabs = tabs(actor, "/sys/groups/" + id);

		// Even threads tick logs.view, odd threads untick it; the name stays.
		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS,
				(thread) -> (thread % 2 == 0)
						? post(tabs.get(thread), "/sys/groups/" + id, "name", name, "permissions", "users.view",
								"permissions", "logs.view")
						: post(tabs.get(thread), "/sys/groups/" + id, "name", name, "permissions", "users.view"));

		assertThat(statuses(answers)).containsOnly(302);
		List<String> rows = this.jdbc.sql("SELECT permission FROM sso_group_permission WHERE group_id = :id")
			.param("id", id)
			.query(String.class)
			.list();
		assertThat(rows).doesNotHaveDuplicates().containsAnyOf("users.view").isSubsetOf("users.view", "logs.view");
		List<Map<String, Object>> changes = entries("GROUP_CHANGED", String.valueOf(id));
		long grants = changes.stream()
			.filter((entry) -> ((String) entry.get("changes"))
				.contains("\"before\":\"users.view\",\"after\":\"logs.view, users.view\""))
			.count();
		long revokes = changes.stream()
			.filter((entry) -> ((String) entry.get("changes"))
				.contains("\"before\":\"logs.view, users.view\",\"after\":\"users.view\""))
			.count();
		// Each entry is one grant or one revoke; they alternate from "not given", so the rows say
		// which came last, and no answer that changed nothing left an entry.
		assertThat(grants + revokes).isEqualTo(changes.size());
		assertThat(grants).isBetween(1L, (long) THREADS / 2);
		assertThat(grants - revokes).isEqualTo(rows.contains("logs.view") ? 1 : 0);
	}

	@Test
	void changeWhenManyRenameTheSameGroupToTheSameNameAtOnceThenOneEntry() throws Exception {
		SsoUser actor = this.staff.superuser();
		String before = TestFixtures.unique("Before");
		String after = TestFixtures.unique("After");
		long id = group(before, Permission.USERS_VIEW);
		List<Tab> tabs = tabs(actor, "/sys/groups/" + id);

		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS, (thread) -> post(tabs.get(thread),
				"/sys/groups/" + id, "name", after, "permissions", "users.view"));

		assertThat(statuses(answers)).containsOnly(302);
		assertThat(this.jdbc.sql("SELECT name FROM sso_group WHERE id = :id").param("id", id).query(String.class).single())
			.isEqualTo(after);
		List<Map<String, Object>> changes = entries("GROUP_CHANGED", String.valueOf(id));
		assertThat(changes).hasSize(1);
		assertThat((String) changes.get(0).get("changes")).contains("\"before\":\"" + before + "\",\"after\":\"" + after + "\"");
	}

	@Test
	void changeWhenManyGroupsTakeTheSameNameAtOnceThenOneHasItAndTheOthersAreToldTaken() throws Exception {
		SsoUser actor = this.staff.superuser();
		String wanted = TestFixtures.unique("Wanted");
		List<Long> ids = new ArrayList<>();
		List<Tab> tabs = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			long id = group(TestFixtures.unique("Own"), Permission.USERS_VIEW);
			ids.add(id);
			tabs.add(tab(actor, "/sys/groups/" + id));
		}

		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS, (thread) -> post(tabs.get(thread),
				"/sys/groups/" + ids.get(thread), "name", wanted, "permissions", "users.view"));

		assertThat(statuses(answers)).containsOnly(302, 400).containsOnlyOnce(302);
		int winner = statuses(answers).indexOf(302);
		assertThat(this.jdbc.sql("SELECT id FROM sso_group WHERE name_key = :key")
			.param("key", wanted.toLowerCase())
			.query(Long.class)
			.list()).containsExactly(ids.get(winner));
		for (int i = 0; i < THREADS; i++) {
			if (i != winner) {
				assertThat(Jsoup.parse(answers.get(i).body()).getElementById("name-error").text())
					.contains("already has this name");
			}
			assertThat(entries("GROUP_CHANGED", String.valueOf(ids.get(i)))).hasSize((i == winner) ? 1 : 0);
		}
	}

	@Test
	void createWhenManyCreateTheSameNameAtOnceThenOneGroupAndTheOthersAreToldTaken() throws Exception {
		SsoUser actor = this.staff.superuser();
		String name = TestFixtures.unique("Twins");
		List<Tab> tabs = tabs(actor, "/sys/groups/new");

		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS, (thread) -> post(tabs.get(thread),
				"/sys/groups", "name", name, "permissions", "users.view"));

		assertThat(statuses(answers)).containsOnly(302, 400).containsOnlyOnce(302);
		List<Long> ids = this.jdbc.sql("SELECT id FROM sso_group WHERE name_key = :key")
			.param("key", name.toLowerCase())
			.query(Long.class)
			.list();
		assertThat(ids).hasSize(1);
		assertThat(count("SELECT COUNT(*) FROM sso_group_permission WHERE group_id = ?", ids.get(0))).isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'GROUP_CREATED' AND target_name = ?",
				name))
			.isEqualTo(1);
	}

	@Test
	void deleteWhenMembersAreAddedMeanwhileThenTheDeleteCountsEveryAddBeforeItAndNoAddFollows() throws Exception {
		SsoUser actor = this.staff.superuser();
		long id = group(TestFixtures.unique("Doomed"), Permission.USERS_VIEW);
		List<SsoUser> people = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			people.add(this.provider.fixtures().user());
		}
		List<Tab> tabs = tabs(actor, "/sys/groups/" + id + "/members");

		// Threads 0 and 1 delete the group; the others each add another person to it.
		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS,
				(thread) -> (thread < 2) ? post(tabs.get(thread), "/sys/groups/" + id + "/delete")
						: post(tabs.get(thread), "/sys/groups/" + id + "/members", "login",
								people.get(thread).getUsername()));

		List<Integer> statuses = statuses(answers);
		assertThat(statuses).containsOnly(302, 404);
		assertThat(statuses.subList(0, 2)).containsExactlyInAnyOrder(302, 404);
		assertThat(count("SELECT COUNT(*) FROM sso_group WHERE id = ?", id)).isZero();
		assertThat(count("SELECT COUNT(*) FROM sso_group_member WHERE group_id = ?", id)).isZero();
		assertThat(count("SELECT COUNT(*) FROM sso_group_permission WHERE group_id = ?", id)).isZero();
		long added = 0;
		for (int i = 2; i < THREADS; i++) {
			boolean answeredAdded = statuses.get(i) == 302;
			added += answeredAdded ? 1 : 0;
			assertThat(entries("GROUP_MEMBER_ADDED", people.get(i).getUuid())).hasSize(answeredAdded ? 1 : 0);
		}
		List<Map<String, Object>> deleted = entries("GROUP_DELETED", String.valueOf(id));
		assertThat(deleted).hasSize(1);
		assertThat(deleted.get(0).get("detail")).isEqualTo(added + " member(s)");
	}

	@Test
	void addMemberWhenThePersonsPageAddsThemToTheSameGroupAtOnceThenOneChangeAndStaleFormsAreRefused()
			throws Exception {
		SsoUser actor = this.staff.superuser();
		SsoUser person = this.provider.fixtures().user();
		long id = group(TestFixtures.unique("Both"), Permission.USERS_VIEW);
		// Even threads add on the group's members page, odd ones tick the group on the person's page.
		List<Tab> tabs = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			tabs.add(tab(actor, (i % 2 == 0) ? "/sys/groups/" + id + "/members" : "/sys/users/" + person.getUuid()));
		}

		List<HttpResponse<String>> answers = Simultaneous.all(this.pool, THREADS,
				(thread) -> (thread % 2 == 0)
						? post(tabs.get(thread), "/sys/groups/" + id + "/members", "login", person.getUsername())
						: tabs.get(thread)
							.browser()
							.submitForm(tabs.get(thread).page(), "form#edit",
									Map.of("groups", String.valueOf(id), "language", "en")));

		for (int i = 0; i < THREADS; i++) {
			assertThat(answers.get(i).statusCode()).as("thread %d", i).isIn((i % 2 == 0) ? List.of(302) : List.of(302, 409));
		}
		assertThat(count("SELECT COUNT(*) FROM sso_group_member WHERE group_id = ? AND user_id = ?", id,
				person.getId()))
			.isEqualTo(1);
		// One change happened, by one page or the other; every other answer changed nothing.
		assertThat(entries("GROUP_MEMBER_ADDED", person.getUuid()).size()
				+ entries("PERSON_CHANGED", person.getUuid()).size())
			.isEqualTo(1);
	}

	@Test
	void addMemberWhenThePersonsFormWasOpenBeforeThenSavingThatFormIsRefusedAndTheGroupStays() {
		SsoUser actor = this.staff.superuser();
		SsoUser person = this.provider.fixtures().user();
		long id = group(TestFixtures.unique("Kept"), Permission.USERS_VIEW);
		Tab personPage = tab(actor, "/sys/users/" + person.getUuid());
		Tab groupPage = tab(actor, "/sys/groups/" + id + "/members");

		assertThat(post(groupPage, "/sys/groups/" + id + "/members", "login", person.getUsername()).statusCode())
			.isEqualTo(302);
		// The person's form, read before, does not tick the group: saved, it would take the group away.
		HttpResponse<String> stale = personPage.browser()
			.submitForm(personPage.page(), "form#edit", Map.of("firstName", "Renamed", "language", "en"));

		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(count("SELECT COUNT(*) FROM sso_group_member WHERE group_id = ? AND user_id = ?", id,
				person.getId()))
			.isEqualTo(1);
		assertThat(entries("PERSON_CHANGED", person.getUuid())).isEmpty();
	}

}
