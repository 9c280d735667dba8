package io.microsys.sso.provider.api.people;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees and creates whom through {@code /people}, over real HTTP with real tokens: the console's
 * matrix (no permission 403; a scoped caller sees only its scope, anything else 404; central staff
 * only people without a scope; a superuser only superusers; creating only where the policy lets).
 */
@ProviderIntegrationTest
class PeopleApiAccessTests {

	final AdminApiCalls api;

	final ApiPeople people;

	final TestStaff staff;

	PeopleApiAccessTests(Provider provider) {
		this.api = new AdminApiCalls(provider);
		this.people = new ApiPeople(provider);
		this.staff = new TestStaff(provider);
	}

	@Test
	void serviceAccountWithoutUsersViewIsRefused() {
		SsoUser person = this.people.person(null, "plain");
		String token = this.api.serviceAccount(null, Permission.GROUPS_VIEW).token();
		AdminApiCalls.Response list = this.api.get(token, "/people").isProblem(403, "forbidden");
		assertThat(list.json().get("permission").asString()).isEqualTo("users.view");
		this.api.get(token, "/people/" + person.getUuid()).isProblem(403, "forbidden");
		this.api.get(token, "/people/" + person.getUuid() + "/apps").isProblem(403, "forbidden");
		this.api.post(token, "/people/" + person.getUuid() + "/unblock", null).isProblem(403, "forbidden");
	}

	@Test
	void scopedServiceAccountSeesOnlyItsScope() {
		String prefix = TestFixtures.unique("sc").replace("-", "");
		Scope mine = this.people.scope();
		Scope other = this.people.scope();
		SsoUser inMine = this.people.person(mine, prefix);
		SsoUser inOther = this.people.person(other, prefix);
		SsoUser unscoped = this.people.person(null, prefix);
		String token = this.api.serviceAccount(mine.getId(), Permission.USERS_VIEW, Permission.USERS_CHANGE).token();

		List<JsonNode> listed = this.api.all(token, "/people", 500);
		assertThat(listed).isNotEmpty()
			.allSatisfy((item) -> assertThat(item.get("scopeId").asLong()).isEqualTo(mine.getId()));
		assertThat(ids(this.api.all(token, "/people?q=" + prefix, 50))).containsExactly(inMine.getUuid());
		assertThat(ids(this.api.all(token, "/people?scopeId=" + other.getId(), 50))).isEmpty();

		AdminApiCalls.Response read = this.api.get(token, "/people/" + inMine.getUuid());
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().get("scopeId").asLong()).isEqualTo(mine.getId());
		AdminApiCalls.Response hidden = this.api.get(token, "/people/" + inOther.getUuid()).isProblem(404, "not-found");
		AdminApiCalls.Response missing = this.api.get(token, "/people/00000000-0000-0000-0000-000000000000")
			.isProblem(404, "not-found");
		assertThat(hidden.json().get("detail")).isEqualTo(missing.json().get("detail"));
		this.api.get(token, "/people/" + unscoped.getUuid()).isProblem(404, "not-found");
		this.api.get(token, "/people/" + inOther.getUuid() + "/sessions").isProblem(404, "not-found");
		this.api.patch(token, "/people/" + inOther.getUuid(), Map.of("lastName", "Changed"), "\"0\"")
			.isProblem(404, "not-found");
		assertThat(this.people.column(inOther, "last_name")).isEqualTo("Person");
	}

	@Test
	void centralStaffTokenSeesOnlyUnscopedPeople() {
		String prefix = TestFixtures.unique("ce").replace("-", "");
		Scope scope = this.people.scope();
		SsoUser unscoped = this.people.person(null, prefix);
		SsoUser scoped = this.people.person(scope, prefix);
		SsoUser central = this.staff.unscoped(Permission.USERS_VIEW);
		String token = this.api.personalToken(this.api.commandLineTool(), central);

		assertThat(ids(this.api.all(token, "/people?q=" + prefix, 50))).containsExactly(unscoped.getUuid());
		assertThat(this.api.get(token, "/people/" + unscoped.getUuid()).status()).isEqualTo(200);
		this.api.get(token, "/people/" + scoped.getUuid()).isProblem(404, "not-found");
		AdminApiCalls.Response self = this.api.get(token, "/people/" + central.getUuid());
		assertThat(self.json().get("tier").asString()).isEqualTo("central_staff");
		assertThat(self.json().get("permissions").get(0).asString()).isEqualTo("users.view");
	}

	@Test
	void superuserIsHiddenFromEveryoneButSuperusers() {
		SsoUser superuser = this.staff.superuser();
		String global = this.api.serviceAccount(null, Permission.USERS_VIEW, Permission.USERS_DELETE).token();
		this.api.get(global, "/people/" + superuser.getUuid()).isProblem(404, "not-found");
		assertThat(this.api.all(global, "/people?q=" + superuser.getUsername(), 50)).isEmpty();
		this.api.delete(global, "/people/" + superuser.getUuid(), "*").isProblem(404, "not-found");
		assertThat(this.people.column(superuser, "status")).isEqualTo("ACTIVE");

		String own = this.api.personalToken(this.api.commandLineTool(), this.staff.superuser());
		AdminApiCalls.Response read = this.api.get(own, "/people/" + superuser.getUuid());
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().get("superuser").asBoolean()).isTrue();
		assertThat(ids(this.api.all(own, "/people?q=" + superuser.getUsername(), 50)))
			.containsExactly(superuser.getUuid());
	}

	@Test
	void scopedCallerCreatesOnlyInItsScope() {
		Scope mine = this.people.scope();
		Scope other = this.people.scope();
		String token = this.api.serviceAccount(mine.getId(), Permission.USERS_VIEW, Permission.USERS_ADD).token();
		String elsewhere = TestFixtures.unique("else");
		AdminApiCalls.Response refused = this.api
			.post(token, "/people", Map.of("username", elsewhere, "email", elsewhere + "@example.com", "scopeId",
					other.getId()))
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("reason").asString()).isNotBlank();
		assertThat(this.people.withUsername(elsewhere)).isZero();
		String unscoped = TestFixtures.unique("none");
		this.api.post(token, "/people", Map.of("username", unscoped, "email", unscoped + "@example.com"))
			.isProblem(403, "forbidden");
		assertThat(this.people.withUsername(unscoped)).isZero();

		String here = TestFixtures.unique("here");
		AdminApiCalls.Response created = this.api.post(token, "/people",
				Map.of("username", here, "email", here + "@example.com", "scopeId", mine.getId()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("scopeId").asLong()).isEqualTo(mine.getId());
	}

	@Test
	void serviceAccountCannotActOnStaffNorGrantAuthority() {
		SsoUser staffMember = this.staff.unscoped(Permission.USERS_VIEW);
		String token = this.api.serviceAccount(null, Permission.USERS_VIEW, Permission.USERS_CHANGE,
				Permission.USERS_ADD, Permission.USERS_DELETE).token();
		AdminApiCalls.Response read = this.api.get(token, "/people/" + staffMember.getUuid());
		AdminApiCalls.Response refused = this.api
			.patch(token, "/people/" + staffMember.getUuid(), Map.of("firstName", "Renamed"), read.etag())
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("reason").asString()).isEqualTo("staff_managers_only");
		this.api.delete(token, "/people/" + staffMember.getUuid(), read.etag()).isProblem(403, "forbidden");
		this.api.post(token, "/people/" + staffMember.getUuid() + "/password-reset", null).isProblem(403, "forbidden");
		assertThat(this.people.column(staffMember, "first_name")).isEqualTo("Test");
		assertThat(this.people.column(staffMember, "status")).isEqualTo("ACTIVE");

		String name = TestFixtures.unique("staffy");
		this.api.post(token, "/people", Map.of("username", name, "email", name + "@example.com", "staff", true))
			.isProblem(403, "forbidden");
		assertThat(this.people.withUsername(name)).isZero();
	}

	private static List<String> ids(List<JsonNode> items) {
		return items.stream().map((item) -> item.get("id").asString()).toList();
	}

}
