package io.microsys.sso.provider.api.people;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.twofactor.TotpStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's app memberships, sessions and the staff's security actions through the API: the
 * same policy and activity log as the console, without its password step (the bearer token is
 * the credential).
 */
@ProviderIntegrationTest
class PeopleApiSecurityTests {

	final Provider provider;

	final AdminApiCalls api;

	final ApiPeople people;

	PeopleApiSecurityTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.people = new ApiPeople(provider);
	}

	private AdminApiCalls.ServiceAccount security() {
		return this.api.serviceAccount(null, Permission.USERS_VIEW, Permission.USERS_CHANGE);
	}

	@Test
	void appsListTheMembershipsWithRoleAndState() {
		SsoUser person = this.people.person(null, "apps");
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.provider.fixtures().membership(app, person, MembershipRole.STAFF);
		AdminApiCalls.Response apps = this.api.get(security().token(), "/people/" + person.getUuid() + "/apps");
		assertThat(apps.status()).as(apps.body()).isEqualTo(200);
		assertThat(apps.json().get("items")).hasSize(1);
		assertThat(apps.json().get("items").get(0).get("clientId").asString()).isEqualTo(app.getClientId());
		assertThat(apps.json().get("items").get(0).get("role").asString()).isEqualTo("staff");
		assertThat(apps.json().get("items").get(0).get("active").asBoolean()).isTrue();
	}

	@Test
	void sessionsAreListedAndEndedOneOrAll() {
		SsoUser person = this.people.person(null, "sess");
		Browser first = Pages.signedIn(this.provider.origin(), person);
		Browser second = Pages.signedIn(this.provider.origin(), person);
		AdminApiCalls.ServiceAccount account = security();
		String token = account.token();
		String path = "/people/" + person.getUuid() + "/sessions";

		AdminApiCalls.Response listed = this.api.get(token, path);
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		assertThat(listed.json().get("items")).hasSize(2);
		String one = listed.json().get("items").get(0).get("id").asString();
		this.api.delete(token, path + "/not-a-session", null).isProblem(404, "not-found");
		assertThat(this.api.delete(token, path + "/" + one, null).status()).isEqualTo(204);
		assertThat(this.api.get(token, path).json().get("items")).hasSize(1);
		assertThat(this.api.delete(token, path, null).status()).isEqualTo(204);
		assertThat(this.api.get(token, path).json().get("items")).isEmpty();
		assertThat(signedIn(first)).isFalse();
		assertThat(signedIn(second)).isFalse();
		assertThat(this.people.audited("SESSIONS_ENDED_BY_STAFF", person.getUuid(), account.clientId())).isEqualTo(2);
	}

	@Test
	void passwordResetMailsTheLinkWithoutAPasswordStep() {
		SsoUser person = this.people.person(null, "reset");
		AdminApiCalls.ServiceAccount account = security();
		AdminApiCalls.Response sent = this.api.post(account.token(), "/people/" + person.getUuid() + "/password-reset",
				null);
		assertThat(sent.status()).as(sent.body()).isEqualTo(204);
		MimeMessage mail = TestMail.await(person.getEmail(), 1);
		assertThat(TestMail.text(mail)).contains("/accounts/password/reset/");
		assertThat(this.people.audited("STAFF_PASSWORD_RESET_SENT", person.getUuid(), account.clientId()))
			.isEqualTo(1);
		this.api.post(account.token(), "/people/" + person.getUuid() + "/password-reset", null)
			.isProblem(409, "conflict");
	}

	@Test
	void twoFactorResetRemovesTheFactors() {
		SsoUser person = this.people.person(null, "tfa");
		this.provider.fixtures().authenticator(person);
		AdminApiCalls.ServiceAccount account = security();
		assertThat(this.api.post(account.token(), "/people/" + person.getUuid() + "/two-factor-reset", null).status())
			.isEqualTo(204);
		assertThat(this.provider.context().getBean(TotpStore.class).isEnrolled(person.getId())).isFalse();
		assertThat(this.people.audited("TWO_FACTOR_RESET", person.getUuid(), account.clientId())).isEqualTo(1);
	}

	@Test
	void unblockLetsTheBlockedPersonSignInAgain() {
		SsoUser person = this.people.person(null, "blk");
		this.provider.fixtures().failedSignIns(person.getUsername(), 10);
		assertThat(Pages.password(new Browser(), this.provider.origin(), person.getUsername(), TestFixtures.PASSWORD)
			.uri()
			.getQuery()).isEqualTo("error=throttled");
		AdminApiCalls.ServiceAccount account = security();
		assertThat(this.api.post(account.token(), "/people/" + person.getUuid() + "/unblock", null).status())
			.isEqualTo(204);
		Pages.signedIn(this.provider.origin(), person);
		assertThat(this.people.audited("SIGN_IN_UNBLOCKED", person.getUuid(), account.clientId())).isEqualTo(1);
	}

	@Test
	void securityActionsNeedUsersChange() {
		SsoUser person = this.people.person(null, "ro");
		this.provider.fixtures().authenticator(person);
		String token = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		String path = "/people/" + person.getUuid();
		this.api.post(token, path + "/two-factor-reset", null).isProblem(403, "forbidden");
		this.api.post(token, path + "/password-reset", null).isProblem(403, "forbidden");
		this.api.delete(token, path + "/sessions", null).isProblem(403, "forbidden");
		assertThat(this.provider.context().getBean(TotpStore.class).isEnrolled(person.getId())).isTrue();
		assertThat(TestMail.to(person.getEmail())).isEmpty();
	}

	private boolean signedIn(Browser browser) {
		return browser.get(this.provider.origin() + "/").statusCode() == 200;
	}

}
