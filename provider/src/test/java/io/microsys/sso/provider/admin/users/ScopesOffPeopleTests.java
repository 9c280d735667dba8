package io.microsys.sso.provider.admin.users;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.settings.ScopeSystem;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static io.microsys.sso.provider.support.TestFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console with the scope system off, over real HTTP on the real database: the forms have no
 * scope field, and saving one keeps the person's scope (never clears it); a person added by
 * scoped staff still lands in their scope; scoped staff still see only their scope's people, in
 * lists, searches and by URL; a scope filter sent anyway is a 400 on the list, its export and
 * the activity log. Nothing else changes.
 */
@ProviderIntegrationTest
class ScopesOffPeopleTests {

	private static final String NEW_PASSWORD = "Quince-harbour-4-compass";

	private final Provider provider;

	private final ConsoleStaff staff;

	private final ScopeSystem scopeSystem;

	private final UserRepository users;

	private final JdbcTemplate jdbc;

	ScopesOffPeopleTests(Provider provider) {
		this.provider = provider;
		this.staff = new ConsoleStaff(provider);
		this.scopeSystem = provider.context().getBean(ScopeSystem.class);
		this.users = provider.context().getBean(UserRepository.class);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	@BeforeEach
	void scopesOff() {
		this.scopeSystem.turn(false, "test");
	}

	@AfterEach
	void scopesOnAgain() {
		this.scopeSystem.turn(true, "test");
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	private Browser signedIn(SsoUser user) {
		return Pages.signedIn(this.provider.origin(), user);
	}

	private SsoUser reload(SsoUser user) {
		return this.users.findById(user.getId()).orElseThrow();
	}

	private static HttpResponse<String> edit(Browser browser, HttpResponse<String> page, Map<String, String> values) {
		Map<String, String> all = new HashMap<>(values);
		all.putIfAbsent("language", "en");
		return browser.submitForm(page, "form#edit", all);
	}

	@Test
	void editWhenScopesOffThenTheFormHasNoScopeAndSavingKeepsTheirScope() {
		Scope scope = this.staff.scope();
		SsoUser person = this.staff.person(scope);
		SsoUser global = this.staff.staff(null, Permission.MANAGE_SCOPES, Permission.USERS_VIEW,
				Permission.USERS_CHANGE);
		Browser browser = signedIn(global);
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));
		assertThat(page.statusCode()).isEqualTo(200);
		Document document = Jsoup.parse(page.body());
		assertThat(document.select("form#edit [name=scope]")).isEmpty();
		assertThat(page.body()).doesNotContain(scope.getName());

		HttpResponse<String> saved = edit(browser, page, Map.of("firstName", "Renamed"));

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		SsoUser after = reload(person);
		assertThat(after.getFirstName()).isEqualTo("Renamed");
		assertThat(after.getScope()).isNotNull();
		assertThat(after.getScope().getId()).isEqualTo(scope.getId());
		String changes = this.jdbc.queryForObject(
				"SELECT changes FROM sso_audit_event WHERE event_type = 'PERSON_CHANGED' AND user_uuid = ?",
				String.class, person.getUuid());
		assertThat(changes).contains("firstName").doesNotContain("\"scope\"");
	}

	@Test
	void editWhenScopesOffAndScopedStaffChangeOneOfTheirsThenTheirScopeIsKept() {
		Scope scope = this.staff.scope();
		SsoUser person = this.staff.person(scope);
		SsoUser scoped = this.staff.staff(scope, Permission.USERS_VIEW, Permission.USERS_CHANGE);
		Browser browser = signedIn(scoped);
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));

		HttpResponse<String> saved = edit(browser, page, Map.of("lastName", "Kept"));

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		SsoUser after = reload(person);
		assertThat(after.getLastName()).isEqualTo("Kept");
		assertThat(after.getScope().getId()).isEqualTo(scope.getId());
	}

	@Test
	void listWhenScopesOffThenScopedStaffStillSeeOnlyTheirScopeAndNoScopeFilter() {
		Scope own = this.staff.scope();
		Scope other = this.staff.scope();
		String prefix = unique("offlist").replace("-", "");
		SsoUser mine = this.provider.fixtures().user((u) -> {
			u.setScope(own);
			u.setFirstName(prefix + "mine");
		});
		SsoUser theirs = this.provider.fixtures().user((u) -> {
			u.setScope(other);
			u.setFirstName(prefix + "theirs");
		});
		SsoUser scopeless = this.provider.fixtures().user((u) -> u.setFirstName(prefix + "none"));
		SsoUser scoped = this.staff.staff(own, Permission.USERS_VIEW, Permission.LOGS_VIEW);
		Browser browser = signedIn(scoped);

		HttpResponse<String> list = browser.get(url("/sys/users?q=" + prefix));

		assertThat(list.statusCode()).isEqualTo(200);
		Document document = Jsoup.parse(list.body());
		assertThat(document.select("#people tbody tr").eachAttr("id")).containsExactly("person-" + mine.getUuid());
		assertThat(document.select("#scope, #column-scope")).isEmpty();
		assertThat(browser.get(url("/sys/users/" + theirs.getUuid())).statusCode()).isEqualTo(404);
		assertThat(browser.get(url("/sys/users/" + scopeless.getUuid())).statusCode()).isEqualTo(404);
		String export = browser.get(url("/sys/users/export.csv?q=" + prefix)).body();
		assertThat(export).contains(mine.getUsername())
			.doesNotContain(theirs.getUsername())
			.doesNotContain(scopeless.getUsername());

		HttpResponse<String> filtered = browser.get(url("/sys/users?scope=" + own.getId()));
		assertThat(filtered.statusCode()).isEqualTo(400);
		assertThat(filtered.body()).contains("id=\"scope-error\"")
			.contains("Scopes are turned off: there is no scope filter.");
		assertThat(browser.get(url("/sys/users/export.csv?scope=" + own.getId())).statusCode()).isEqualTo(400);
	}

	@Test
	void createWhenScopesOffThenScopedStaffAddToTheirScopeAndGlobalStaffToNone() {
		Scope own = this.staff.scope();
		SsoUser scoped = this.staff.staff(own, Permission.USERS_VIEW, Permission.USERS_ADD);
		SsoUser global = this.staff.staff(null, Permission.MANAGE_SCOPES, Permission.USERS_VIEW,
				Permission.USERS_ADD);
		for (SsoUser actor : new SsoUser[] { scoped, global }) {
			Browser browser = signedIn(actor);
			HttpResponse<String> form = browser.get(url("/sys/users/new"));
			assertThat(Jsoup.parse(form.body()).select("form#new-person [name=scope]")).isEmpty();
			String username = unique("offnew");
			Map<String, String> values = new HashMap<>();
			values.put("username", username);
			values.put("email", username + "@example.com");
			values.put("language", "en");
			values.put("passwordChoice", "set");
			values.put("password", NEW_PASSWORD);
			values.put("passwordConfirm", NEW_PASSWORD);

			HttpResponse<String> created = browser.submitForm(form, "form#new-person", values);

			assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
			Scope scope = this.users.findByUsername(username).orElseThrow().getScope();
			if (actor == scoped) {
				assertThat(scope).isNotNull();
				assertThat(scope.getId()).isEqualTo(own.getId());
			}
			else {
				assertThat(scope).isNull();
			}
		}
	}

	@Test
	void logsWhenScopesOffAndASuperuserFiltersByScopeThen400() {
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
		Browser browser = signedIn(superuser);
		assertThat(browser.get(url("/sys/logs")).statusCode()).isEqualTo(200);
		HttpResponse<String> filtered = browser.get(url("/sys/logs?scope=7"));
		assertThat(filtered.statusCode()).isEqualTo(400);
		assertThat(filtered.body()).contains("Scopes are turned off: there is no scope filter.");
		assertThat(browser.get(url("/sys/logs/export.jsonl?scope=7")).statusCode()).isEqualTo(400);
	}

}
