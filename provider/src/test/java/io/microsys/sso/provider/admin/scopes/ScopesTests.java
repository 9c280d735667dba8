package io.microsys.sso.provider.admin.scopes;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.settings.ScopeSystem;
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
 * {@code /sys/scopes} over real HTTP on the real database: creating, renaming, deleting an empty
 * scope and deleting one while moving its people, each recorded in the activity log; a non-empty
 * scope is never deleted without a target; the scope system turned off and on; and two
 * administrators at once (many threads) never leave a half-done move, a duplicate name or a 500.
 */
@ProviderIntegrationTest
class ScopesTests {

	private static final ExecutorService POOL = Executors.newFixedThreadPool(8);

	private final Provider provider;

	private final JdbcClient jdbc;

	private final ScopeRepository scopes;

	private final UserRepository users;

	private SsoUser admin;

	ScopesTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.scopes = provider.context().getBean(ScopeRepository.class);
		this.users = provider.context().getBean(UserRepository.class);
	}

	@AfterAll
	static void stop() {
		POOL.shutdownNow();
	}

	@BeforeEach
	void globalStaff() {
		this.admin = new TestStaff(this.provider).unscoped(Permission.MANAGE_SCOPES, Permission.SCOPES_VIEW,
				Permission.SCOPES_ADD, Permission.SCOPES_CHANGE, Permission.SCOPES_DELETE);
	}

	private Browser signedIn() {
		return Pages.signedIn(this.provider.origin(), this.admin);
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	private HttpResponse<String> create(Browser browser, String name, String description) {
		HttpResponse<String> form = browser.get(url("/sys/scopes/new"));
		assertThat(form.statusCode()).isEqualTo(200);
		return browser.submitForm(form, "#scope-form", Map.of("name", name, "description", description));
	}

	private Scope scope(String name) {
		return this.scopes.findByName(name).orElseThrow();
	}

	private SsoUser personIn(Scope scope) {
		return this.provider.fixtures().user((u) -> u.setScope(scope));
	}

	private long peopleIn(long scopeId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_user WHERE scope_id = :id")
			.param("id", scopeId)
			.query(Long.class)
			.single();
	}

	private List<Map<String, Object>> entries(String type, String targetId) {
		return this.jdbc
			.sql("SELECT actor_uuid, action, target_type, target_name, scope_id, changes, detail FROM sso_audit_event "
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
	void scopeWhenCreatedRenamedAndDeletedThenEachStepIsStoredAndRecorded() {
		Browser browser = signedIn();
		String name = TestFixtures.unique("Finance");

		HttpResponse<String> created = create(browser, name, "Finance department");
		assertThat(created.statusCode()).isEqualTo(302);
		HttpResponse<String> page = browser.followWithin(created, this.provider.origin());
		assertThat(page.body()).contains("The scope was created.").contains("People in this scope: 0");
		Scope scope = scope(name.toUpperCase());
		assertThat(scope.getDescription()).isEqualTo("Finance department");
		Map<String, Object> creation = entry("SCOPE_CREATED", String.valueOf(scope.getId()));
		assertThat(creation.get("actor_uuid")).isEqualTo(this.admin.getUuid());
		assertThat(creation.get("action")).isEqualTo("CREATE");
		assertThat(creation.get("target_type")).isEqualTo("scope");
		assertThat((String) creation.get("changes")).contains("\"after\":\"" + name + "\"");

		HttpResponse<String> again = create(browser, name.toLowerCase(), "");
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(again.body()).getElementById("name-error").text()).contains("already has this name");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_scope WHERE name_key = :key")
			.param("key", Scope.key(name))
			.query(Long.class)
			.single()).isEqualTo(1);

		String renamed = name + " & Budget";
		HttpResponse<String> saved = browser.submitForm(page, "#scope-form",
				Map.of("name", renamed, "description", ""));
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(this.scopes.findById(scope.getId()).orElseThrow().getName()).isEqualTo(renamed);
		assertThat(this.scopes.findById(scope.getId()).orElseThrow().getDescription()).isNull();
		Map<String, Object> change = entry("SCOPE_CHANGED", String.valueOf(scope.getId()));
		assertThat(change.get("action")).isEqualTo("UPDATE");
		assertThat((String) change.get("changes")).contains("\"before\":\"" + name + "\"")
			.contains("\"after\":\"" + renamed + "\"")
			.contains("\"before\":\"Finance department\",\"after\":null");

		page = browser.get(url("/sys/scopes/" + scope.getId()));
		HttpResponse<String> deleted = browser.submitForm(page, "#delete form", Map.of());
		assertThat(browser.followWithin(deleted, this.provider.origin()).body()).contains("The scope was deleted.");
		assertThat(this.scopes.findById(scope.getId())).isEmpty();
		Map<String, Object> deletion = entry("SCOPE_DELETED", String.valueOf(scope.getId()));
		assertThat(deletion.get("action")).isEqualTo("DELETE");
		assertThat((String) deletion.get("changes")).contains("\"before\":\"" + renamed + "\",\"after\":null");
	}

	@Test
	void deleteWhenScopeHasPeopleAndNoTargetThenRefusedAndNothingChanges() {
		Scope scope = this.scopes.save(new Scope(TestFixtures.unique("Kept")));
		SsoUser person = personIn(scope);
		Browser browser = signedIn();

		HttpResponse<String> page = browser.get(url("/sys/scopes/" + scope.getId()));
		HttpResponse<String> refused = browser.submitForm(page, "#delete form", Map.of("moveTo", ""));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(refused.body()).getElementById("moveTo-error").text())
			.contains("choose the scope to move them to");
		assertThat(this.scopes.findById(scope.getId())).isPresent();
		assertThat(this.users.findById(person.getId()).orElseThrow().getScope().getId()).isEqualTo(scope.getId());
		assertThat(entries("SCOPE_DELETED", String.valueOf(scope.getId()))).isEmpty();
	}

	@Test
	void deleteWhenMovingItsPeopleThenAllMoveInOneStepRecordedOnce() {
		Scope from = this.scopes.save(new Scope(TestFixtures.unique("From")));
		Scope to = this.scopes.save(new Scope(TestFixtures.unique("To")));
		SsoUser already = personIn(to);
		List<SsoUser> moving = List.of(personIn(from), personIn(from), personIn(from));
		Browser browser = signedIn();

		HttpResponse<String> page = browser.get(url("/sys/scopes/" + from.getId()));
		assertThat(page.body()).contains("People in this scope: 3");
		HttpResponse<String> done = browser.submitForm(page, "#delete form",
				Map.of("moveTo", String.valueOf(to.getId())));

		assertThat(browser.followWithin(done, this.provider.origin()).body())
			.contains("Its people were moved and the scope was deleted.");
		assertThat(this.scopes.findById(from.getId())).isEmpty();
		assertThat(peopleIn(to.getId())).isEqualTo(4);
		for (SsoUser person : moving) {
			assertThat(this.users.findById(person.getId()).orElseThrow().getScope().getId()).isEqualTo(to.getId());
		}
		assertThat(this.users.findById(already.getId()).orElseThrow().getScope().getId()).isEqualTo(to.getId());
		Map<String, Object> moved = entry("SCOPE_PEOPLE_MOVED", String.valueOf(to.getId()));
		assertThat(moved.get("action")).isEqualTo("UPDATE");
		assertThat(moved.get("detail")).isEqualTo("3 people moved from scope " + from.getId());
		assertThat((String) moved.get("changes")).contains("\"before\":\"" + from.getName() + "\"")
			.contains("\"after\":\"" + to.getName() + "\"");
		assertThat(((Number) moved.get("scope_id")).longValue()).isEqualTo(to.getId());
		entry("SCOPE_DELETED", String.valueOf(from.getId()));
	}

	@Test
	void listWhenSearchedAndSortedByPeopleThenCountsComeFromTheDatabase() {
		String tag = TestFixtures.unique("Sorted");
		Scope small = this.scopes.save(new Scope(tag + " small"));
		Scope big = this.scopes.save(new Scope(tag + " big"));
		personIn(small);
		personIn(big);
		personIn(big);
		Browser browser = signedIn();

		HttpResponse<String> list = browser.get(url("/sys/scopes?q=" + tag.toUpperCase() + "&sort=people&dir=desc"));

		assertThat(list.statusCode()).isEqualTo(200);
		var rows = Jsoup.parse(list.body()).select("#scopes tbody tr");
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0).id()).isEqualTo("scope-" + big.getId());
		assertThat(rows.get(0).selectFirst("td.people").text()).isEqualTo("2");
		assertThat(rows.get(1).selectFirst("td.people").text()).isEqualTo("1");
		assertThat(browser.get(url("/sys/scopes?q=%25")).statusCode()).isEqualTo(200);
	}

	@Test
	void scopeSystemWhenTurnedOffThenPageSaysSoAndScopedStaffKeepTheirRule() {
		Scope scope = this.scopes.save(new Scope(TestFixtures.unique("Kept")));
		SsoUser scopedStaff = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setScope(scope);
		});
		ScopeSystem system = this.provider.context().getBean(ScopeSystem.class);
		Browser browser = signedIn();
		try {
			HttpResponse<String> list = browser.get(url("/sys/scopes"));
			HttpResponse<String> off = browser.submitForm(list, "#turn-off form", Map.of());
			HttpResponse<String> page = browser.followWithin(off, this.provider.origin());
			assertThat(page.body()).contains("The scope system is off.").contains("id=\"turn-on\"");
			assertThat(system.isOn()).isFalse();
			assertThat(this.provider.context().getBean(Actors.class).of(scopedStaff).tier())
				.isEqualTo(Tier.SCOPED_STAFF);
			assertThat(this.users.findById(scopedStaff.getId()).orElseThrow().getScope().getId())
				.isEqualTo(scope.getId());
			assertThat(entries("SCOPE_SYSTEM_CHANGED", "scopes.enabled")).isNotEmpty();

			HttpResponse<String> on = browser.submitForm(page, "#scopes-off form", Map.of());
			assertThat(browser.followWithin(on, this.provider.origin()).body()).contains("The scope system is on.")
				.contains("id=\"add-scope\"");
			assertThat(system.isOn()).isTrue();
		}
		finally {
			system.turn(true, "test");
		}
	}

	@Test
	void deleteWhenManyAdministratorsMoveTheSameScopeAtOnceThenOneWinsAndNoMoveIsHalfDone() throws Exception {
		int threads = 6;
		Scope from = this.scopes.save(new Scope(TestFixtures.unique("Contested")));
		List<Scope> targets = new java.util.ArrayList<>();
		for (int i = 0; i < threads; i++) {
			targets.add(this.scopes.save(new Scope(TestFixtures.unique("Target"))));
		}
		for (int i = 0; i < 5; i++) {
			personIn(from);
		}
		List<Browser> browsers = new java.util.ArrayList<>();
		List<HttpResponse<String>> pages = new java.util.ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Browser browser = signedIn();
			browsers.add(browser);
			pages.add(browser.get(url("/sys/scopes/" + from.getId())));
		}

		List<HttpResponse<String>> answers = Simultaneous.all(POOL, threads,
				(thread) -> browsers.get(thread)
					.submitForm(pages.get(thread), "#delete form",
							Map.of("moveTo", String.valueOf(targets.get(thread).getId()))));

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(302));
		assertThat(this.scopes.findById(from.getId())).isEmpty();
		List<Long> counts = targets.stream().map((target) -> peopleIn(target.getId())).toList();
		assertThat(counts).containsOnlyOnce(5L).containsOnly(0L, 5L);
		assertThat(entries("SCOPE_DELETED", String.valueOf(from.getId()))).hasSizeLessThanOrEqualTo(1);
		entry("SCOPE_DELETED", String.valueOf(from.getId()));
		long moves = targets.stream().mapToLong((t) -> entries("SCOPE_PEOPLE_MOVED", String.valueOf(t.getId())).size()).sum();
		assertThat(moves).isEqualTo(1);
		long told = answers.stream()
			.map((answer) -> browsersFlash(browsers, answers, answer))
			.filter((body) -> body.contains("someone else deleted it") || body.contains("at the same moment"))
			.count();
		assertThat(told).isEqualTo(threads - 1);
	}

	private String browsersFlash(List<Browser> browsers, List<HttpResponse<String>> answers, HttpResponse<String> answer) {
		return browsers.get(answers.indexOf(answer)).followWithin(answer, this.provider.origin()).body();
	}

	@Test
	void createWhenManyAdministratorsCreateTheSameNameAtOnceThenExactlyOneScope() throws Exception {
		int threads = 6;
		String name = TestFixtures.unique("Twin");
		List<Browser> browsers = new java.util.ArrayList<>();
		List<HttpResponse<String>> forms = new java.util.ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Browser browser = signedIn();
			browsers.add(browser);
			forms.add(browser.get(url("/sys/scopes/new")));
		}

		List<HttpResponse<String>> answers = Simultaneous.all(POOL, threads,
				(thread) -> browsers.get(thread)
					.submitForm(forms.get(thread), "#scope-form",
							Map.of("name", (thread % 2 == 0) ? name : name.toUpperCase(), "description", "")));

		assertThat(answers.stream().filter((a) -> a.statusCode() == 302)).hasSize(1);
		assertThat(answers.stream().filter((a) -> a.statusCode() == 400))
			.hasSize(threads - 1)
			.allSatisfy((a) -> assertThat(a.body()).contains("A scope already has this name"));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_scope WHERE name_key = :key")
			.param("key", Scope.key(name))
			.query(Long.class)
			.single()).isEqualTo(1);
	}

}
