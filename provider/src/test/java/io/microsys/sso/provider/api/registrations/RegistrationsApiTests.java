package io.microsys.sso.provider.api.registrations;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration queue through the admin API, over real HTTP with real tokens: the console's
 * rule (registrations.view to list, registrations.change to decide, only sign-ups of people the
 * caller may see), keyset pages newest first, approving and rejecting mail the person, deciding
 * twice is a 409, and bad input is a 400 that changes nothing.
 */
@ProviderIntegrationTest
class RegistrationsApiTests {

	final Provider provider;

	final AdminApiCalls api;

	RegistrationsApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
	}

	private Scope scope() {
		return this.provider.context().getBean(ScopeRepository.class).save(new Scope(TestFixtures.unique("Scope")));
	}

	private SsoUser waiting(Scope scope) {
		return this.provider.fixtures().user(AccountOrigin.SIGNUP, (u) -> {
			u.setStatus(UserStatus.PENDING_APPROVAL);
			u.setScope(scope);
		});
	}

	private UserStatus status(SsoUser user) {
		return this.provider.context().getBean(UserRepository.class).findById(user.getId()).orElseThrow().getStatus();
	}

	private static Set<String> ids(List<JsonNode> items) {
		return items.stream().map((item) -> item.get("id").asString()).collect(Collectors.toSet());
	}

	@Test
	void listWhenScopedServiceAccountThenOnlyItsScopesSignUps() {
		Scope own = scope();
		Scope other = scope();
		SsoUser mine = waiting(own);
		SsoUser theirs = waiting(other);
		SsoUser unscoped = waiting(null);
		String scoped = this.api.serviceAccount(own.getId(), Permission.REGISTRATIONS_VIEW).token();
		assertThat(ids(this.api.all(scoped, "/registrations", 100))).containsExactly(mine.getUuid());
		this.api.get(scoped, "/registrations/" + theirs.getUuid()).isProblem(404, "not-found");
		this.api.get(scoped, "/registrations/" + unscoped.getUuid()).isProblem(404, "not-found");
		AdminApiCalls.Response one = this.api.get(scoped, "/registrations/" + mine.getUuid());
		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat(one.etag()).isNotBlank();
		assertThat(one.json().get("status").asString()).isEqualTo("pending");
		assertThat(one.json().get("email").asString()).isEqualTo(mine.getEmail());
		assertThat(one.json().get("scopeId").asLong()).isEqualTo(own.getId());

		String global = this.api.serviceAccount(null, Permission.REGISTRATIONS_VIEW).token();
		assertThat(ids(this.api.all(global, "/registrations", 500))).contains(mine.getUuid(), theirs.getUuid(),
				unscoped.getUuid());
	}

	@Test
	void listWhenManyThenKeysetPagesNewestFirstWithLinks() {
		Scope scope = scope();
		for (int i = 0; i < 120; i++) {
			waiting(scope);
		}
		String token = this.api.serviceAccount(scope.getId(), Permission.REGISTRATIONS_VIEW).token();
		AdminApiCalls.Response first = this.api.get(token, "/registrations?limit=50");
		assertThat(first.json().get("items")).hasSize(50);
		assertThat(first.header("Link")).hasValueSatisfying((link) -> assertThat(link).contains("rel=\"next\"")
			.contains("after=" + first.json().get("next").asString()));
		List<JsonNode> all = this.api.all(token, "/registrations", 50);
		assertThat(all).hasSize(120);
		assertThat(ids(all)).hasSize(120);
		assertThat(all.get(0).get("createdAt").asString()).isGreaterThanOrEqualTo(all.get(119).get("createdAt").asString());
		this.api.get(token, "/registrations?limit=501").isProblem(400, "invalid-request");
		this.api.get(token, "/registrations?after=bm90LWEtbnVtYmVy").isProblem(400, "invalid-cursor");
		AdminApiCalls.Response badStatus = this.api.get(token, "/registrations?status=waiting").isProblem(400,
				"invalid-request");
		assertThat(badStatus.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
		assertThat(this.api.all(token, "/registrations?status=approved", 50)).isEmpty();
	}

	@Test
	void approveWhenAllowedThenActiveMailedAndASecondDecisionIsAConflict() {
		Scope scope = scope();
		SsoUser applicant = waiting(scope);
		String token = this.api.serviceAccount(scope.getId(), Permission.REGISTRATIONS_CHANGE).token();
		AdminApiCalls.Response approved = this.api.post(token, "/registrations/" + applicant.getUuid() + "/approve",
				Map.of("reason", "Welcome"));
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		assertThat(approved.json().get("status").asString()).isEqualTo("approved");
		assertThat(approved.json().get("reviewReason").asString()).isEqualTo("Welcome");
		assertThat(status(applicant)).isEqualTo(UserStatus.ACTIVE);
		MimeMessage mail = TestMail.await(applicant.getEmail(), 1);
		assertThat(TestMail.subject(mail)).isEqualTo("Your account was approved");

		this.api.post(token, "/registrations/" + applicant.getUuid() + "/approve", null).isProblem(409, "conflict");
		this.api.post(token, "/registrations/" + applicant.getUuid() + "/reject", null).isProblem(409, "conflict");
		assertThat(status(applicant)).isEqualTo(UserStatus.ACTIVE);
		assertThat(TestMail.to(applicant.getEmail())).hasSize(1);
	}

	@Test
	void rejectWhenReasonGivenThenDeactivatedKeptAndMailedWithTheReason() {
		SsoUser applicant = waiting(null);
		String token = this.api.serviceAccount(null, Permission.REGISTRATIONS_CHANGE).token();
		AdminApiCalls.Response rejected = this.api.post(token, "/registrations/" + applicant.getUuid() + "/reject",
				Map.of("reason", "Staff only"));
		assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
		assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
		assertThat(status(applicant)).isEqualTo(UserStatus.DEACTIVATED);
		MimeMessage mail = TestMail.await(applicant.getEmail(), 1);
		assertThat(TestMail.text(mail)).contains("Reason: Staff only");
	}

	@Test
	void decideWhenWithoutPermissionOrHiddenOrInvalidThenRefusedAndNothingChanged() {
		Scope own = scope();
		SsoUser hidden = waiting(scope());
		SsoUser visible = waiting(own);
		String viewOnly = this.api.serviceAccount(own.getId(), Permission.REGISTRATIONS_VIEW).token();
		String noGrant = this.api.serviceAccount(own.getId(), Permission.LOGS_VIEW).token();
		String deciding = this.api.serviceAccount(own.getId(), Permission.REGISTRATIONS_CHANGE).token();
		AdminApiCalls.Response refused = this.api.post(viewOnly, "/registrations/" + visible.getUuid() + "/approve", null)
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("registrations.change");
		this.api.get(noGrant, "/registrations").isProblem(403, "forbidden");
		this.api.get(noGrant, "/registrations/" + visible.getUuid()).isProblem(403, "forbidden");
		this.api.post(noGrant, "/registrations/" + visible.getUuid() + "/reject", null).isProblem(403, "forbidden");
		this.api.post(deciding, "/registrations/" + hidden.getUuid() + "/approve", null).isProblem(404, "not-found");
		this.api.post(deciding, "/registrations/00000000-0000-4000-8000-000000000000/approve", null)
			.isProblem(404, "not-found");
		AdminApiCalls.Response tooLong = this.api
			.post(deciding, "/registrations/" + visible.getUuid() + "/reject", Map.of("reason", "x".repeat(501)))
			.isProblem(400, "invalid-request");
		assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
		this.api.call(deciding, "POST", "/registrations/" + visible.getUuid() + "/reject")
			.json("{not json")
			.send()
			.isProblem(400, "invalid-request");
		assertThat(status(hidden)).isEqualTo(UserStatus.PENDING_APPROVAL);
		assertThat(status(visible)).isEqualTo(UserStatus.PENDING_APPROVAL);
		assertThat(TestMail.to(visible.getEmail())).isEmpty();
		assertThat(TestMail.to(hidden.getEmail())).isEmpty();
	}

	@Test
	void listWhenPersonalTokensThenTheTiersOfTheConsole() {
		SsoUser applicant = waiting(null);
		var tool = this.api.commandLineTool();
		SsoUser plain = this.provider.fixtures().user();
		this.api.get(this.api.personalToken(tool, plain), "/registrations").isProblem(403, "forbidden");
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
		String token = this.api.personalToken(tool, superuser);
		assertThat(ids(this.api.all(token, "/registrations", 500))).contains(applicant.getUuid());
	}

}
