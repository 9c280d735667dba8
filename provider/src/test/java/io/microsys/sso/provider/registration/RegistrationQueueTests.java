package io.microsys.sso.provider.registration;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval queue over real HTTP: superusers only (a staff member, an ordinary person and a
 * superuser demoted since signing in get 403), decisions are POSTs with CSRF (a GET is 405),
 * rejecting deactivates the account and keeps it, filters and search, and the person is mailed.
 */
@ProviderIntegrationTest
class RegistrationQueueTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserRepository users;

	RegistrationQueueTests(Provider provider) {
		this.provider = provider;
	}

	/** An account that signed up, confirmed its address, and waits. */
	private SsoUser waiting(String firstName) {
		return this.provider.fixtures().user(AccountOrigin.SIGNUP, (u) -> {
			u.setFirstName(firstName);
			u.setStatus(UserStatus.PENDING_APPROVAL);
		});
	}

	private SsoUser superuser() {
		return this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
	}

	private SsoUser reload(SsoUser user) {
		return this.users.findById(user.getId()).orElseThrow();
	}

	@Test
	void queueWhenNotSuperuserThen403AndNothingDecided() {
		SsoUser applicant = waiting("Applicant");
		SsoUser staff = this.provider.fixtures().user((u) -> u.setStaff(true));
		SsoUser plain = this.provider.fixtures().user();
		for (SsoUser person : new SsoUser[] { staff, plain }) {
			Browser browser = Pages.signedIn(this.provider.origin(), person);
			assertThat(browser.get(this.provider.origin() + "/sys/registrations").statusCode()).isEqualTo(403);
			String csrf = Browser.csrfToken(browser.get(this.provider.origin() + "/accounts/profile"));
			for (String action : new String[] { "approve", "reject" }) {
				HttpResponse<String> refused = browser.post(
						this.provider.origin() + "/sys/registrations/" + applicant.getUuid() + "/" + action, Map.of("_csrf", csrf));
				assertThat(refused.statusCode()).as(action).isEqualTo(403);
				assertThat(refused.body()).contains("You are not allowed to see this page");
			}
			assertThat(browser.get(this.provider.origin() + "/sys/invitations").statusCode()).isEqualTo(403);
			assertThat(browser.get(this.provider.origin() + "/sys/settings").statusCode()).isEqualTo(403);
		}
		// Not signed in: sent to the login page.
		HttpResponse<String> anonymous = new Browser().get(this.provider.origin() + "/sys/registrations");
		assertThat(Browser.location(anonymous)).endsWith("/accounts/login");
		assertThat(reload(applicant).getStatus()).isEqualTo(UserStatus.PENDING_APPROVAL);
	}

	@Test
	void queueWhenSuperuserDemotedSinceSigningInThen403() {
		SsoUser applicant = waiting("Applicant");
		SsoUser superuser = superuser();
		Browser browser = Pages.signedIn(this.provider.origin(), superuser);
		HttpResponse<String> queue = browser.get(this.provider.origin() + "/sys/registrations");
		assertThat(queue.statusCode()).isEqualTo(200);
		this.provider.fixtures().updateUser(superuser, (u) -> u.setSuperuser(false));
		HttpResponse<String> refused = browser.submitForm(queue, "#registration-" + applicant.getUuid() + " form",
				Map.of());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(reload(applicant).getStatus()).isEqualTo(UserStatus.PENDING_APPROVAL);
	}

	@Test
	void approveWhenGetOrNoCsrfThenRefusedAndNothingDecided() {
		SsoUser applicant = waiting("Applicant");
		Browser browser = Pages.signedIn(this.provider.origin(), superuser());
		String url = this.provider.origin() + "/sys/registrations/" + applicant.getUuid() + "/approve";
		HttpResponse<String> get = browser.get(url);
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
		assertThat(browser.get(this.provider.origin() + "/sys/registrations/" + applicant.getUuid() + "/reject").statusCode())
			.isEqualTo(405);
		assertThat(browser.post(url, Map.of()).statusCode()).isEqualTo(403);
		assertThat(browser.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=forged"))
			.build()).statusCode()).isEqualTo(403);
		assertThat(reload(applicant).getStatus()).isEqualTo(UserStatus.PENDING_APPROVAL);
	}

	@Test
	void rejectWhenSuperuserThenDeactivatedKeptMailedWithReasonAndAudited() {
		SsoUser other = waiting("Rejected");
		Browser browser = Pages.signedIn(this.provider.origin(), superuser());
		HttpResponse<String> page = browser.get(this.provider.origin() + "/sys/registrations");
		// The form's reject button posts where its formaction points.
		String rejectUrl = Jsoup.parse(page.body(), page.uri().toString())
			.selectFirst("#registration-" + other.getUuid() + " button.reject")
			.absUrl("formaction");
		HttpResponse<String> done = browser.followWithin(browser.post(rejectUrl,
				Map.of("_csrf", Browser.csrfToken(page), "reason", "We only accept staff of the municipality")),
				this.provider.origin());
		assertThat(done.body()).contains("The registration was rejected");

		SsoUser after = reload(other);
		assertThat(after.getStatus()).isEqualTo(UserStatus.DEACTIVATED);
		assertThat(after.getDeactivatedAt()).isNotNull();
		assertThat(after.getReviewReason()).isEqualTo("We only accept staff of the municipality");
		MimeMessage mail = TestMail.await(other.getEmail(), 1);
		assertThat(TestMail.subject(mail)).isEqualTo("Your registration was not approved");
		assertThat(TestMail.text(mail)).contains("Reason: We only accept staff of the municipality");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'REGISTRATION_REJECTED' AND user_uuid = ?", Long.class, other.getUuid())).isEqualTo(1);
		// Kept, and listed among the rejected ones with the reason.
		HttpResponse<String> rejectedList = browser.get(this.provider.origin() + "/sys/registrations?status=rejected");
		assertThat(rejectedList.body()).contains(other.getEmail()).contains("We only accept staff");
		// Deciding again changes nothing.
		HttpResponse<String> again = browser.followWithin(browser.post(rejectUrl.replace("/reject", "/approve"),
				Map.of("_csrf", Browser.csrfToken(page))), this.provider.origin());
		assertThat(again.body()).contains("is not waiting for a decision");
		assertThat(reload(other).getStatus()).isEqualTo(UserStatus.DEACTIVATED);
		// A rejected person's password signs in to nothing.
		assertThat(Pages.password(new Browser(), this.provider.origin(), other.getUsername(), TestFixtures.PASSWORD).uri()
			.toString()).endsWith("/accounts/login?error=inactive");
	}

	@Test
	void queueWhenFilteredThenOnlyMatchingAndBadFiltersAre400() {
		String marker = TestFixtures.unique("Marker");
		SsoUser first = waiting(marker);
		SsoUser second = waiting("Other");
		SsoUser admin = this.provider.fixtures().user((u) -> u.setFirstName(marker));
		Browser browser = Pages.signedIn(this.provider.origin(), superuser());

		HttpResponse<String> searched = browser.get(this.provider.origin() + "/sys/registrations?q=" + marker.toLowerCase());
		assertThat(searched.statusCode()).isEqualTo(200);
		assertThat(searched.body()).contains(first.getEmail())
			.doesNotContain(second.getEmail())
			.doesNotContain(admin.getEmail());
		HttpResponse<String> byEmail = browser.get(this.provider.origin() + "/sys/registrations?status=all&q=" + second.getEmail());
		assertThat(byEmail.body()).contains(second.getEmail()).doesNotContain(first.getEmail());
		HttpResponse<String> unverified = browser.get(this.provider.origin() + "/sys/registrations?status=unverified&q=" + marker);
		assertThat(unverified.body()).doesNotContain(first.getEmail()).contains("No registrations match");
		// Wildcards are plain text.
		assertThat(browser.get(this.provider.origin() + "/sys/registrations?q=%25").body()).contains("No registrations match");

		for (String bad : new String[] { "status=everything", "page=-1", "page=abc", "q=" + "x".repeat(101) }) {
			HttpResponse<String> refused = browser.get(this.provider.origin() + "/sys/registrations?" + bad);
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(refused.body()).contains("That filter is not valid");
		}
	}

}
