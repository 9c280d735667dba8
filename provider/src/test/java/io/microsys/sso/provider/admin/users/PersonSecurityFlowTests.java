package io.microsys.sso.provider.admin.users;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.twofactor.TotpStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff actions of a person's "sign-in and security" tab over real HTTP, on the real policy
 * and database: each behind the actor's current password (a wrong one does nothing), each with
 * its effect on the person's next sign-in, and a person outside the actor's scope unreachable.
 */
@ProviderIntegrationTest
class PersonSecurityFlowTests {

	final Provider provider;

	final ConsoleStaff console;

	@Autowired
	JdbcTemplate jdbc;

	PersonSecurityFlowTests(Provider provider) {
		this.provider = provider;
		this.console = new ConsoleStaff(provider);
	}

	private String origin() {
		return this.provider.origin();
	}

	/** Central staff who may view and change people without a scope. */
	private Browser staffBrowser() {
		SsoUser staff = this.console.staff(null, Permission.USERS_VIEW, Permission.USERS_CHANGE);
		return Pages.signedIn(origin(), staff);
	}

	private HttpResponse<String> securityPage(Browser staff, SsoUser person) {
		HttpResponse<String> page = staff.get(origin() + "/sys/users/" + person.getUuid() + "/security");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	private HttpResponse<String> act(Browser staff, SsoUser person, String form, Map<String, String> values) {
		return staff.submitForm(securityPage(staff, person), form, values);
	}

	private boolean signedIn(Browser browser) {
		return browser.get(origin() + "/").statusCode() == 200;
	}

	private boolean changeRequired(SsoUser person) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT password_change_required FROM sso_user WHERE id = ?", Boolean.class, person.getId()));
	}

	private long audited(String type, SsoUser person) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND user_uuid = ? AND actor_uuid IS NOT NULL",
				Long.class, type, person.getUuid());
	}

	@Test
	void temporaryPasswordWhenSetThenSessionsEndAndTheNextSignInMustChooseANewOneBeforeAnyApp() {
		SsoUser person = this.console.person(null);
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.provider.fixtures().membership(client, person, MembershipRole.USER);
		Browser before = Pages.signedIn(origin(), person);
		Browser staff = staffBrowser();
		String temporary = "Temporary-" + TestFixtures.unique("pw");

		HttpResponse<String> refused = act(staff, person, "form#temporary-form",
				Map.of("temporaryPassword", temporary, "currentPassword", "not-my-password"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(refused.body()).select("#temporary-password-error").text())
			.isEqualTo("The current password is not correct.");
		assertThat(changeRequired(person)).isFalse();
		assertThat(signedIn(before)).isTrue();

		HttpResponse<String> done = staff.followWithin(act(staff, person, "form#temporary-form",
				Map.of("temporaryPassword", temporary, "currentPassword", TestFixtures.PASSWORD)), origin());
		assertThat(done.body()).contains("The temporary password was set.");
		assertThat(changeRequired(person)).isTrue();
		assertThat(signedIn(before)).isFalse();
		assertThat(audited("TEMPORARY_PASSWORD_SET", person)).isEqualTo(1);

		Browser browser = new Browser();
		HttpResponse<String> next = Pages.password(browser, origin(), person.getUsername(), temporary);
		assertThat(next.uri().getPath()).isEqualTo("/accounts/password/new");
		assertThat(Browser.location(browser.get(origin() + "/accounts/profile"))).endsWith("/accounts/password/new");
		assertThat(browser.get(origin() + "/sys").statusCode()).isIn(302, 403);
		// An app asking now gets no code: the browser is sent to choose a password first.
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request();
		HttpResponse<String> asked = browser.followWithin(browser.get(request.url()), origin());
		assertThat(asked.uri().getPath()).isEqualTo("/accounts/password/new");
		assertThat(asked.statusCode()).isEqualTo(200);

		HttpResponse<String> same = browser.submitForm(asked, "form#new-password",
				Map.of("newPassword", temporary, "newPasswordConfirm", temporary));
		assertThat(same.statusCode()).isEqualTo(400);
		assertThat(same.body()).contains("Choose a password of your own");
		assertThat(changeRequired(person)).isTrue();

		String mine = "Chosen-" + TestFixtures.unique("pw");
		HttpResponse<String> chosen = browser.followWithin(browser.submitForm(same, "form#new-password",
				Map.of("newPassword", mine, "newPasswordConfirm", mine)), origin());
		assertThat(app.redirectQuery(chosen)).containsKey("code").containsEntry("state", request.state);
		assertThat(changeRequired(person)).isFalse();
		assertThat(browser.get(origin() + "/accounts/profile").statusCode()).isEqualTo(200);
	}

	@Test
	void resetTwoStepWhenDoneThenThePasswordAloneSignsIn() {
		SsoUser person = this.console.person(null);
		this.provider.fixtures().authenticator(person);
		this.provider.fixtures().backupCodes(person);
		Browser staff = staffBrowser();
		assertThat(Jsoup.parse(securityPage(staff, person).body()).select("#authenticator-state").text()).isEqualTo("on");

		HttpResponse<String> refused = act(staff, person, "form#two-step-form", Map.of("currentPassword", "wrong-one"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(this.provider.context().getBean(TotpStore.class).isEnrolled(person.getId())).isTrue();

		HttpResponse<String> done = staff.followWithin(
				act(staff, person, "form#two-step-form", Map.of("currentPassword", TestFixtures.PASSWORD)), origin());
		assertThat(done.body()).contains("Two-step verification was reset.");
		assertThat(Jsoup.parse(done.body()).select("#authenticator-state").text()).isEqualTo("off");
		assertThat(Jsoup.parse(done.body()).select("#backup-codes").text()).isEqualTo("0");
		Pages.signedIn(origin(), person);
		assertThat(audited("TWO_FACTOR_RESET", person)).isEqualTo(1);
	}

	@Test
	void unblockWhenUsernameBlockedThenThePersonSignsInAgain() {
		SsoUser person = this.console.person(null);
		this.provider.fixtures().failedSignIns(person.getUsername(), 10);
		HttpResponse<String> blocked = Pages.password(new Browser(), origin(), person.getUsername(),
				TestFixtures.PASSWORD);
		assertThat(blocked.uri().getQuery()).isEqualTo("error=throttled");
		Browser staff = staffBrowser();
		Document page = Jsoup.parse(securityPage(staff, person).body());
		assertThat(page.select("#blocked")).hasSize(1);

		HttpResponse<String> done = staff.followWithin(
				act(staff, person, "form#unblock-form", Map.of("currentPassword", TestFixtures.PASSWORD)), origin());

		assertThat(done.body()).contains("Sign-in was unblocked.");
		assertThat(Jsoup.parse(done.body()).select("#blocked")).isEmpty();
		Pages.signedIn(origin(), person);
		assertThat(audited("SIGN_IN_UNBLOCKED", person)).isEqualTo(1);
	}

	@Test
	void resetLinkWhenSentThenTheMailArrivesWithALink() {
		SsoUser person = this.console.person(null);
		Browser staff = staffBrowser();

		HttpResponse<String> done = staff.followWithin(
				act(staff, person, "form#reset-link-form", Map.of("currentPassword", TestFixtures.PASSWORD)), origin());

		assertThat(done.body()).contains("The password-reset link was sent.");
		MimeMessage mail = TestMail.await(person.getEmail(), 1);
		assertThat(TestMail.subject(mail)).isEqualTo("Reset your password");
		assertThat(TestMail.text(mail)).contains("/accounts/password/reset/");
		assertThat(audited("STAFF_PASSWORD_RESET_SENT", person)).isEqualTo(1);
	}

	@Test
	void endSessionsWhenStaffEndsThemThenThePersonIsSignedOut() {
		SsoUser person = this.console.person(null);
		Browser first = Pages.signedIn(origin(), person);
		Browser second = Pages.signedIn(origin(), person);
		Browser staff = staffBrowser();
		Document page = Jsoup.parse(securityPage(staff, person).body());
		assertThat(page.select("tr.device")).hasSize(2);
		assertThat(page.select("tr.device .ip").text()).contains("127.0.0.1");

		HttpResponse<String> wrong = act(staff, person, "form.end-session", Map.of("currentPassword", "wrong-one"));
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(signedIn(first) && signedIn(second)).isTrue();

		HttpResponse<String> one = staff.followWithin(
				act(staff, person, "form.end-session", Map.of("currentPassword", TestFixtures.PASSWORD)), origin());
		assertThat(one.body()).contains("The session has ended.");
		assertThat(List.of(signedIn(first), signedIn(second))).containsExactlyInAnyOrder(true, false);

		HttpResponse<String> all = staff.followWithin(
				act(staff, person, "form#end-all-form", Map.of("currentPassword", TestFixtures.PASSWORD)), origin());
		assertThat(all.body()).contains("All their sessions have ended.");
		assertThat(signedIn(first)).isFalse();
		assertThat(signedIn(second)).isFalse();
		assertThat(signedIn(staff)).isTrue();
		assertThat(audited("SESSIONS_ENDED_BY_STAFF", person)).isEqualTo(2);
	}

	@Test
	void everyRouteWhenPersonOfAnotherScopeThenNotFoundAndNothingDone() {
		Scope mine = this.console.scope();
		Scope other = this.console.scope();
		SsoUser staffMember = this.console.staff(mine, Permission.USERS_VIEW, Permission.USERS_CHANGE);
		SsoUser colleague = this.console.person(mine);
		SsoUser stranger = this.console.person(other);
		this.provider.fixtures().failedSignIns(stranger.getUsername(), 10);
		Browser strangerBrowser = new Browser();
		Browser staff = Pages.signedIn(origin(), staffMember);
		String csrf = Browser.csrfToken(securityPage(staff, colleague));
		String base = origin() + "/sys/users/" + stranger.getUuid();

		assertThat(staff.get(base + "/security").statusCode()).isEqualTo(404);
		assertThat(staff.get(base + "/apps").statusCode()).isEqualTo(404);
		Map<String, String> form = Map.of("_csrf", csrf, "currentPassword", TestFixtures.PASSWORD, "temporaryPassword",
				"Temporary-" + TestFixtures.unique("pw"), "session", "0123456789abcdef", "app", "wiki", "role", "USER",
				"active", "false");
		for (String route : List.of("/security/reset-link", "/security/temporary-password", "/security/two-step/reset",
				"/security/unblock", "/security/sessions/end", "/security/sessions/end-all", "/apps/add", "/apps/role",
				"/apps/active", "/apps/remove")) {
			assertThat(staff.post(base + route, form).statusCode()).as(route).isEqualTo(404);
		}
		assertThat(changeRequired(stranger)).isFalse();
		assertThat(Pages.password(strangerBrowser, origin(), stranger.getUsername(), TestFixtures.PASSWORD).uri()
			.getQuery()).isEqualTo("error=throttled");
		// A colleague of the same scope is reachable.
		assertThat(staff.get(origin() + "/sys/users/" + colleague.getUuid() + "/apps").statusCode()).isEqualTo(200);
	}

	@Test
	void actionWhenTargetIsStaffAndActorLacksManageStaffThenForbidden() {
		SsoUser otherStaff = this.console.staff(null);
		Browser staff = staffBrowser();
		HttpResponse<String> page = securityPage(staff, otherStaff);
		assertThat(Jsoup.parse(page.body()).select("form#end-all-form, form#temporary-form")).isEmpty();

		HttpResponse<String> refused = staff.post(origin() + "/sys/users/" + otherStaff.getUuid() + "/security/temporary-password",
				Map.of("_csrf", Browser.csrfToken(page), "currentPassword", TestFixtures.PASSWORD, "temporaryPassword",
						"Temporary-" + TestFixtures.unique("pw")));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(changeRequired(otherStaff)).isFalse();
	}

}
