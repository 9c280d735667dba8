package io.microsys.sso.provider.admin.users;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestMail;

import static io.microsys.sso.provider.support.TestFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding, changing, deactivating and reactivating people through the console over real HTTP, with
 * the rules held on real data: scoped staff stay in their scope and cannot promote themselves,
 * nobody grants what they do not hold, deactivation signs the person out everywhere, the last
 * active superuser stays one when two superusers deactivate each other at once.
 */
@ProviderIntegrationTest
class PersonAdministrationTests {

	private static final String NEW_PASSWORD = "Plum-orchard-7-lantern";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserRepository users;

	@Autowired
	ScopeRepository scopes;

	PersonAdministrationTests(Provider provider) {
		this.provider = provider;
	}

	private String origin() {
		return this.provider.origin();
	}

	private Scope scope() {
		return this.scopes.save(new Scope(unique("scope")));
	}

	/** A staff member (a superuser when {@code superuser}) of {@code scope} (null: none) holding these. */
	private SsoUser staff(Scope scope, boolean superuser, Permission... permissions) {
		SsoUser user = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(superuser);
			u.setScope(scope);
		});
		for (Permission permission : permissions) {
			this.jdbc.update("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (?, ?, ?)",
					user.getId(), permission.code(), Timestamp.from(Instant.now()));
		}
		return user;
	}

	private Browser signedIn(SsoUser user) {
		return Pages.signedIn(origin(), user);
	}

	private SsoUser reload(SsoUser user) {
		return this.users.findById(user.getId()).orElseThrow();
	}

	private List<String> directPermissions(SsoUser user) {
		return this.jdbc.queryForList("SELECT permission FROM sso_user_permission WHERE user_id = ? ORDER BY permission",
				String.class, user.getId());
	}

	private List<String> refusals(SsoUser actor) {
		return this.jdbc.queryForList(
				"SELECT reason FROM sso_audit_event WHERE event_type = 'ACCESS_DENIED' AND user_uuid = ? ORDER BY id",
				String.class, actor.getUuid());
	}

	private Map<String, String> newPerson(String username, String choice) {
		Map<String, String> values = new HashMap<>();
		values.put("username", username);
		values.put("email", username + "@example.com");
		values.put("firstName", "Made");
		values.put("lastName", "Here");
		values.put("language", "en");
		values.put("passwordChoice", choice);
		values.put("password", "set".equals(choice) ? NEW_PASSWORD : "");
		values.put("passwordConfirm", "set".equals(choice) ? NEW_PASSWORD : "");
		return values;
	}

	/** Submits the profile form of {@code page} with these values (the language chosen, as a browser sends its select). */
	private static HttpResponse<String> edit(Browser browser, HttpResponse<String> page, Map<String, String> values) {
		Map<String, String> all = new HashMap<>(values);
		all.putIfAbsent("language", "en");
		return browser.submitForm(page, "form#edit", all);
	}

	@Test
	void createWhenPasswordSetThenTheyCanSignInAndTheEntryKeepsNoSecret() {
		SsoUser admin = staff(null, true);
		Browser browser = signedIn(admin);
		HttpResponse<String> form = browser.get(origin() + "/sys/users/new");
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("id=\"superuser\"");
		String username = unique("made");

		HttpResponse<String> created = browser.submitForm(form, "form#new-person", newPerson(username, "set"));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		SsoUser person = this.users.findByUsername(username).orElseThrow();
		assertThat(Browser.location(created)).endsWith("/sys/users/" + person.getUuid());
		HttpResponse<String> page = browser.get(Browser.location(created));
		assertThat(page.body()).contains("id=\"flash\"").contains(username);
		assertThat(person.getOrigin().name()).isEqualTo("ADMIN");
		assertThat(Pages.password(new Browser(), origin(), username, NEW_PASSWORD).uri().getPath()).isEqualTo("/");
		String changes = this.jdbc.queryForObject(
				"SELECT changes FROM sso_audit_event WHERE event_type = 'PERSON_CREATED' AND user_uuid = ?", String.class,
				person.getUuid());
		assertThat(changes).contains("{\"field\":\"password\",\"secret\":true}")
			.contains("\"after\":\"" + username + "\"")
			.doesNotContain(NEW_PASSWORD);
	}

	@Test
	void createWhenLinkEmailedThenTheLinkLetsThemChooseAPassword() {
		SsoUser admin = staff(null, true);
		Browser browser = signedIn(admin);
		String username = unique("linked");

		HttpResponse<String> created = browser.submitForm(browser.get(origin() + "/sys/users/new"), "form#new-person",
				newPerson(username, "link"));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		SsoUser person = this.users.findByUsername(username).orElseThrow();
		assertThat(person.getPasswordHash()).isNull();
		MimeMessage message = TestMail.await(username + "@example.com", 1);
		assertThat(TestMail.subject(message)).isEqualTo("Your account is ready");
		assertThat(TestMail.text(message)).contains(admin.getUsername()).contains(username);
		String link = TestMail.find(message, "(http://\\S+/accounts/password/reset/[A-Za-z0-9_-]{43})");
		Browser theirs = new Browser();
		HttpResponse<String> choose = theirs.get(link);
		assertThat(choose.statusCode()).isEqualTo(200);
		HttpResponse<String> chosen = theirs.submitForm(choose,
				Map.of("newPassword", NEW_PASSWORD, "newPasswordConfirm", NEW_PASSWORD));
		assertThat(Browser.location(chosen)).contains("/accounts/login");
		assertThat(Pages.password(new Browser(), origin(), username, NEW_PASSWORD).uri().getPath()).isEqualTo("/");
	}

	@Test
	void createWhenScopedStaffNamesAnotherScopeThenRefusedAndNothingSaved() {
		Scope own = scope();
		Scope other = scope();
		SsoUser scoped = staff(own, false, Permission.USERS_VIEW, Permission.USERS_ADD);
		Browser browser = signedIn(scoped);
		HttpResponse<String> form = browser.get(origin() + "/sys/users/new");
		assertThat(form.body()).doesNotContain("id=\"superuser\"").doesNotContain(other.getName());
		String username = unique("outside");
		Map<String, String> values = newPerson(username, "set");
		values.put("scope", other.getId().toString());

		HttpResponse<String> refused = browser.submitForm(form, "form#new-person", values);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.users.findByUsername(username)).isEmpty();
		assertThat(refusals(scoped)).contains("scope_outside");

		values.put("scope", own.getId().toString());
		values.put("username", username + "-in");
		values.put("email", username + "-in@example.com");
		HttpResponse<String> accepted = browser.submitForm(browser.get(origin() + "/sys/users/new"),
				"form#new-person", values);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(302);
		assertThat(this.users.findByUsername(username + "-in").orElseThrow().getScope().getId())
			.isEqualTo(own.getId());
	}

	@Test
	void personWhenScopedStaffOpensAnotherScopesPersonOrASuperuserThenNotFound() {
		Scope own = scope();
		SsoUser scoped = staff(own, false, Permission.USERS_VIEW, Permission.USERS_CHANGE, Permission.USERS_DELETE);
		SsoUser elsewhere = this.provider.fixtures().user((u) -> u.setScope(scope()));
		SsoUser superuser = staff(null, true);
		SsoUser mine = this.provider.fixtures().user((u) -> u.setScope(own));
		Browser browser = signedIn(scoped);

		assertThat(browser.get(origin() + "/sys/users/" + elsewhere.getUuid()).statusCode()).isEqualTo(404);
		assertThat(browser.get(origin() + "/sys/users/" + superuser.getUuid()).statusCode()).isEqualTo(404);
		assertThat(browser.get(origin() + "/sys/users/" + elsewhere.getUuid() + "/activity").statusCode())
			.isEqualTo(404);
		assertThat(browser.get(origin() + "/sys/users/" + unique("nobody")).statusCode()).isEqualTo(404);
		HttpResponse<String> page = browser.get(origin() + "/sys/users/" + mine.getUuid());
		assertThat(page.statusCode()).isEqualTo(200);
		String csrf = Browser.csrfToken(page);
		assertThat(browser.post(origin() + "/sys/users/" + elsewhere.getUuid() + "/deactivate", Map.of("_csrf", csrf))
			.statusCode()).isEqualTo(404);
		assertThat(reload(elsewhere).getStatus().name()).isEqualTo("ACTIVE");
	}

	@Test
	void changeWhenStaffPromoteThemselvesThenSelfProtectedAndNothingChanged() {
		SsoUser scoped = staff(scope(), false, Permission.USERS_VIEW, Permission.USERS_CHANGE);
		Browser browser = signedIn(scoped);
		HttpResponse<String> own = browser.get(origin() + "/sys/users/" + scoped.getUuid());
		assertThat(own.statusCode()).isEqualTo(200);

		HttpResponse<String> refused = edit(browser, own, Map.of("permissions", "users.delete", "firstName", "Promoted"));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refusals(scoped)).contains("self_protected");
		assertThat(directPermissions(scoped)).containsExactly("users.change", "users.view");
		assertThat(reload(scoped).getFirstName()).isEqualTo("Test");

		HttpResponse<String> plain = edit(browser, browser.get(origin() + "/sys/users/" + scoped.getUuid()),
				Map.of("firstName", "Renamed"));
		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(302);
		assertThat(reload(scoped).getFirstName()).isEqualTo("Renamed");
		assertThat(directPermissions(scoped)).containsExactly("users.change", "users.view");
	}

	@Test
	void createWhenCentralStaffMakesCentralStaffThenRefused() {
		SsoUser central = staff(null, false, Permission.USERS_VIEW, Permission.USERS_ADD, Permission.MANAGE_STAFF);
		Browser browser = signedIn(central);
		String username = unique("central");
		Map<String, String> values = newPerson(username, "set");
		values.put("staff", "true");

		HttpResponse<String> refused = browser.submitForm(browser.get(origin() + "/sys/users/new"), "form#new-person",
				values);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refusals(central)).contains("global_staff_only");
		assertThat(this.users.findByUsername(username)).isEmpty();
	}

	@Test
	void changeWhenGrantingAPermissionNotHeldThenRefusedAndNothingChanged() {
		SsoUser global = staff(null, false, Permission.USERS_VIEW, Permission.USERS_CHANGE, Permission.MANAGE_STAFF,
				Permission.MANAGE_SCOPES);
		SsoUser person = this.provider.fixtures().user();
		Browser browser = signedIn(global);
		HttpResponse<String> page = browser.get(origin() + "/sys/users/" + person.getUuid());
		assertThat(page.body()).contains("value=\"users.view\"").doesNotContain("value=\"logs.view\"");

		HttpResponse<String> refused = edit(browser, page, Map.of("permissions", "logs.view"));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refusals(global)).contains("permission_not_held");
		assertThat(directPermissions(person)).isEmpty();

		HttpResponse<String> granted = edit(browser, browser.get(origin() + "/sys/users/" + person.getUuid()),
				Map.of("permissions", "users.view"));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(302);
		assertThat(directPermissions(person)).containsExactly("users.view");
	}

	@Test
	void changeWhenTheFormIsStaleThenConflictAndTheOtherChangeStays() {
		SsoUser admin = staff(null, true);
		SsoUser person = this.provider.fixtures().user();
		Browser browser = signedIn(admin);
		HttpResponse<String> first = browser.get(origin() + "/sys/users/" + person.getUuid());
		HttpResponse<String> second = browser.get(origin() + "/sys/users/" + person.getUuid());

		assertThat(edit(browser, first, Map.of("firstName", "First")).statusCode()).isEqualTo(302);
		HttpResponse<String> stale = edit(browser, second, Map.of("firstName", "Second"));

		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.body()).contains("id=\"conflict\"");
		assertThat(reload(person).getFirstName()).isEqualTo("First");
	}

	@Test
	void deactivateWhenConfirmedThenTheirSessionsEndAndItIsLoggedThenReactivated() {
		SsoUser admin = staff(null, true);
		SsoUser person = this.provider.fixtures().user();
		Browser theirs = signedIn(person);
		assertThat(theirs.get(origin() + "/accounts/profile").statusCode()).isEqualTo(200);
		Browser browser = signedIn(admin);
		HttpResponse<String> page = browser.get(origin() + "/sys/users/" + person.getUuid());
		assertThat(page.body()).contains("<details class=\"confirm\">").contains("class=\"danger\"");

		HttpResponse<String> done = browser.submitForm(page, "form#deactivate", Map.of());

		assertThat(done.statusCode()).isEqualTo(302);
		SsoUser after = reload(person);
		assertThat(after.getStatus().name()).isEqualTo("DEACTIVATED");
		assertThat(after.getDeactivatedAt()).isNotNull();
		assertThat(after.getDeactivatedBy()).isEqualTo(admin.getUuid());
		HttpResponse<String> signedOut = theirs.get(origin() + "/accounts/profile");
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(Browser.location(signedOut)).contains("/accounts/login");
		assertThat(this.jdbc.queryForObject(
				"SELECT changes FROM sso_audit_event WHERE event_type = 'PERSON_DEACTIVATED' AND user_uuid = ?",
				String.class, person.getUuid()))
			.isEqualTo("[{\"field\":\"status\",\"before\":\"ACTIVE\",\"after\":\"DEACTIVATED\"}]");
		HttpResponse<String> shown = browser.get(Browser.location(done));
		assertThat(shown.body()).contains("id=\"deactivated-when\"").contains(admin.getUsername());

		HttpResponse<String> back = browser.submitForm(shown, "form#reactivate", Map.of());
		assertThat(back.statusCode()).isEqualTo(302);
		assertThat(reload(person).getStatus().name()).isEqualTo("ACTIVE");
		assertThat(reload(person).getDeactivatedBy()).isNull();
		assertThat(Pages.signedIn(origin(), person).get(origin() + "/accounts/profile").statusCode()).isEqualTo(200);
	}

	@Test
	void deactivateWhenStaffDeactivateThemselvesThenRefused() {
		SsoUser admin = staff(null, true);
		Browser browser = signedIn(admin);
		HttpResponse<String> own = browser.get(origin() + "/sys/users/" + admin.getUuid());
		assertThat(own.body()).doesNotContain("id=\"deactivate\"");
		HttpResponse<String> refused = browser.post(origin() + "/sys/users/" + admin.getUuid() + "/deactivate",
				Map.of("_csrf", Browser.csrfToken(own)));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(reload(admin).getStatus().name()).isEqualTo("ACTIVE");
	}

	@Test
	void deactivateWhenTwoSuperusersDeactivateEachOtherAtOnceThenExactlyOneRemains() throws Exception {
		SsoUser a = staff(null, true);
		SsoUser b = staff(null, true);
		int threads = 8;
		// One browser (one session) per thread, each with its page open: A's on B's page, B's on A's.
		List<Browser> browsers = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			SsoUser actor = (i % 2 == 0) ? a : b;
			SsoUser target = (i % 2 == 0) ? b : a;
			Browser browser = signedIn(actor);
			browsers.add(browser);
			tokens.add(Browser.csrfToken(browser.get(origin() + "/sys/users/" + target.getUuid())));
		}
		// Only the two of them are active superusers while they race (the others are put back after).
		List<Long> others = this.jdbc.queryForList(
				"SELECT id FROM sso_user WHERE is_superuser = TRUE AND status = 'ACTIVE' AND id NOT IN (?, ?)",
				Long.class, a.getId(), b.getId());
		others.forEach((id) -> this.jdbc.update("UPDATE sso_user SET status = 'DEACTIVATED' WHERE id = ?", id));
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Integer> statuses = Simultaneous.all(pool, threads,
					(thread) -> browsers.get(thread)
						.post(origin() + "/sys/users/" + ((thread % 2 == 0) ? b : a).getUuid() + "/deactivate",
								Map.of("_csrf", tokens.get(thread)))
						.statusCode());

			assertThat(statuses).allMatch((status) -> status < 500);
			assertThat(this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM sso_user WHERE is_superuser = TRUE AND status = 'ACTIVE'", Integer.class))
				.isEqualTo(1);
			assertThat(List.of(reload(a).getStatus().name(), reload(b).getStatus().name()))
				.containsExactlyInAnyOrder("ACTIVE", "DEACTIVATED");
		}
		finally {
			pool.shutdownNow();
			others.forEach((id) -> this.jdbc.update("UPDATE sso_user SET status = 'ACTIVE' WHERE id = ?", id));
		}
	}

	@Test
	void activityWhenOpenedThenListsOnlyThePersonsOwnEntries() {
		SsoUser admin = staff(null, true);
		SsoUser person = this.provider.fixtures().user();
		SsoUser other = this.provider.fixtures().user();
		signedIn(person);
		signedIn(other);
		Browser browser = signedIn(admin);
		edit(browser, browser.get(origin() + "/sys/users/" + person.getUuid()), Map.of("firstName", "Changed"));
		edit(browser, browser.get(origin() + "/sys/users/" + other.getUuid()), Map.of("firstName", "Changed"));

		HttpResponse<String> activity = browser.get(origin() + "/sys/users/" + person.getUuid() + "/activity");

		assertThat(activity.statusCode()).isEqualTo(200);
		assertThat(activity.body()).contains("LOGIN_SUCCESS")
			.contains("PERSON_CHANGED")
			.contains("Changed")
			.doesNotContain(other.getUsername());
		HttpResponse<String> theirs = browser.get(origin() + "/sys/users/" + admin.getUuid() + "/activity");
		assertThat(theirs.body()).contains(person.getUsername()).contains(other.getUsername());
	}

}
