package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration queue and the invitations under the console's policy, over real HTTP: staff
 * holding {@code registrations.view} see the queue (only the sign-ups of people they may see),
 * deciding needs {@code registrations.change}, inviting {@code registrations.add}; the reviewer is
 * recorded.
 */
@ProviderIntegrationTest
class RegistrationConsoleAccessTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserRepository users;

	@Autowired
	ScopeRepository scopes;

	RegistrationConsoleAccessTests(Provider provider) {
		this.provider = provider;
	}

	private SsoUser waiting(String firstName, Scope scope) {
		return this.provider.fixtures().user(AccountOrigin.SIGNUP, (u) -> {
			u.setFirstName(firstName);
			u.setStatus(UserStatus.PENDING_APPROVAL);
			u.setScope(scope);
		});
	}

	private SsoUser staff(Scope scope, Permission... permissions) {
		SsoUser staff = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setScope(scope);
		});
		for (Permission permission : permissions) {
			this.jdbc.update("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (?, ?, ?)",
					staff.getId(), permission.code(), Timestamp.from(Instant.now()));
		}
		return staff;
	}

	private UserStatus status(SsoUser user) {
		return this.users.findById(user.getId()).orElseThrow().getStatus();
	}

	@Test
	void queueWhenStaffMayViewThenListedButDecidingNeedsChange() {
		SsoUser applicant = waiting(TestFixtures.unique("Viewer"), null);
		SsoUser viewer = staff(null, Permission.REGISTRATIONS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), viewer);

		HttpResponse<String> queue = browser.get(this.provider.origin() + "/sys/registrations");
		assertThat(queue.statusCode()).isEqualTo(200);
		assertThat(queue.body()).contains("registration-" + applicant.getUuid()).contains("id=\"section-registrations\"");
		HttpResponse<String> refused = browser.submitForm(queue, "#registration-" + applicant.getUuid() + " form",
				Map.of());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(status(applicant)).isEqualTo(UserStatus.PENDING_APPROVAL);
		// Invitations are the same area: listed with view, inviting needs add.
		HttpResponse<String> invitations = browser.get(this.provider.origin() + "/sys/invitations");
		assertThat(invitations.statusCode()).isEqualTo(200);
		assertThat(browser.post(this.provider.origin() + "/sys/invitations",
				Map.of("_csrf", Browser.csrfToken(invitations), "app", "any", "email", "x@example.com", "role",
						"user"))
			.statusCode()).isEqualTo(403);
	}

	@Test
	void approveWhenStaffMayChangeThenApprovedAndReviewerRecorded() {
		SsoUser applicant = waiting(TestFixtures.unique("Approved"), null);
		SsoUser reviewer = staff(null, Permission.REGISTRATIONS_VIEW, Permission.REGISTRATIONS_CHANGE);
		Browser browser = Pages.signedIn(this.provider.origin(), reviewer);
		HttpResponse<String> queue = browser.get(this.provider.origin() + "/sys/registrations");

		HttpResponse<String> done = browser.followWithin(
				browser.submitForm(queue, "#registration-" + applicant.getUuid() + " form", Map.of()),
				this.provider.origin());

		assertThat(done.body()).contains("The registration was approved");
		SsoUser after = this.users.findById(applicant.getId()).orElseThrow();
		assertThat(after.getStatus()).isEqualTo(UserStatus.ACTIVE);
		assertThat(this.jdbc.queryForObject("SELECT reviewed_by FROM sso_user WHERE id = ?", String.class,
				applicant.getId())).isEqualTo(reviewer.getUuid());
	}

	@Test
	void queueWhenScopedStaffThenOnlyTheirScopeListedAndOthersNotDecided() {
		Scope north = this.scopes.save(new Scope(TestFixtures.unique("north")));
		SsoUser ours = waiting(TestFixtures.unique("Ours"), north);
		SsoUser elsewhere = waiting(TestFixtures.unique("Elsewhere"), null);
		SsoUser scoped = staff(north, Permission.REGISTRATIONS_VIEW, Permission.REGISTRATIONS_CHANGE);
		Browser browser = Pages.signedIn(this.provider.origin(), scoped);

		HttpResponse<String> queue = browser.get(this.provider.origin() + "/sys/registrations?status=all");
		assertThat(queue.body()).contains("registration-" + ours.getUuid())
			.doesNotContain("registration-" + elsewhere.getUuid())
			.doesNotContain(elsewhere.getEmail());
		HttpResponse<String> answer = browser.followWithin(browser.post(
				this.provider.origin() + "/sys/registrations/" + elsewhere.getUuid() + "/approve",
				Map.of("_csrf", Browser.csrfToken(queue))), this.provider.origin());
		// Answered as for a registration that does not wait: nothing tells it exists.
		assertThat(answer.body()).contains("is not waiting for a decision");
		assertThat(status(elsewhere)).isEqualTo(UserStatus.PENDING_APPROVAL);
	}

	@Test
	void queueWhenStaffWithoutThePermissionThen403() {
		SsoUser other = staff(null, Permission.USERS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), other);
		assertThat(browser.get(this.provider.origin() + "/sys/registrations").statusCode()).isEqualTo(403);
		assertThat(browser.get(this.provider.origin() + "/sys/invitations").statusCode()).isEqualTo(403);
		assertThat(browser.get(this.provider.origin() + "/sys/settings").statusCode()).isEqualTo(403);
	}

}
