package io.microsys.sso.provider.api.people;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /people} walked page by page through 1,000 people of one scope, over real HTTP: every
 * person exactly once, in row id order, whatever the page size; the cursor and limit checked.
 */
@ProviderIntegrationTest
class PeopleApiPaginationTests {

	final AdminApiCalls api;

	final ApiPeople people;

	PeopleApiPaginationTests(Provider provider) {
		this.api = new AdminApiCalls(provider);
		this.people = new ApiPeople(provider);
	}

	@Test
	void listWhenWalkedPageByPageThenEveryPersonOfTheScopeExactlyOnceInOrder() {
		Scope scope = this.people.scope();
		String prefix = TestFixtures.unique("bulk").replace("-", "") + "n";
		List<String> inserted = this.people.bulk(scope, prefix, 1_000);
		String token = this.api.serviceAccount(scope.getId(), Permission.USERS_VIEW).token();

		for (int limit : new int[] { 100, 500 }) {
			List<JsonNode> items = this.api.all(token, "/people", limit);
			assertThat(items.stream().map((item) -> item.get("id").asString()).toList())
				.as("limit " + limit)
				.containsExactlyElementsOf(inserted);
			assertThat(items).allSatisfy((item) -> assertThat(item.get("scopeId").asLong()).isEqualTo(scope.getId()));
		}
		AdminApiCalls.Response first = this.api.get(token, "/people?limit=100");
		assertThat(first.header("Link")).hasValueSatisfying((link) -> assertThat(link)
			.contains("after=" + first.json().get("next").asString())
			.endsWith("rel=\"next\""));
		AdminApiCalls.Response last = this.api.get(token, "/people?limit=500&after="
				+ this.api.get(token, "/people?limit=500").json().get("next").asString());
		assertThat(last.json().get("items").size()).isEqualTo(500);
		assertThat(last.json().get("next").isNull()).isTrue();
		assertThat(last.header("Link")).isEmpty();
	}

	@Test
	void listWhenFilteredThenTheFiltersAndTheKeysetCombine() {
		Scope scope = this.people.scope();
		String prefix = TestFixtures.unique("filt").replace("-", "") + "n";
		List<String> inserted = this.people.bulk(scope, prefix, 120);
		this.people.jdbc.update("UPDATE sso_user SET status = 'DEACTIVATED' WHERE uuid IN (?, ?, ?)", inserted.get(3),
				inserted.get(60), inserted.get(119));
		String global = this.api.serviceAccount(null, Permission.USERS_VIEW).token();

		List<JsonNode> byScope = this.api.all(global, "/people?scopeId=" + scope.getId(), 50);
		assertThat(byScope).hasSize(120);
		List<JsonNode> deactivated = this.api.all(global, "/people?status=deactivated&scopeId=" + scope.getId(), 1);
		assertThat(deactivated.stream().map((item) -> item.get("id").asString()).toList())
			.containsExactly(inserted.get(3), inserted.get(60), inserted.get(119));
		assertThat(deactivated).allSatisfy((item) -> assertThat(item.get("status").asString()).isEqualTo("deactivated"));
		List<JsonNode> searched = this.api.all(global, "/people?q=" + prefix.toUpperCase() + "01", 7);
		assertThat(searched.stream().map((item) -> item.get("id").asString()).toList())
			.containsExactlyElementsOf(inserted.subList(100, 120));
		assertThat(this.api.all(global, "/people?staff=true&scopeId=" + scope.getId(), 50)).isEmpty();
	}

	@Test
	void listWhenOnlyStaffAreAskedForThenTheStaffOfTheOtherFiltersInOrder() {
		Scope scope = this.people.scope();
		String prefix = TestFixtures.unique("stf").replace("-", "") + "n";
		List<String> inserted = this.people.bulk(scope, prefix, 60);
		this.people.jdbc.update("UPDATE sso_user SET is_staff = TRUE WHERE uuid IN (?, ?, ?)", inserted.get(10),
				inserted.get(20), inserted.get(50));
		this.people.jdbc.update("UPDATE sso_user SET status = 'DEACTIVATED' WHERE uuid IN (?, ?)", inserted.get(20),
				inserted.get(30));
		String global = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		String scoped = this.api.serviceAccount(scope.getId(), Permission.USERS_VIEW).token();

		assertThat(ids(this.api.all(global, "/people?staff=true&scopeId=" + scope.getId(), 1)))
			.containsExactly(inserted.get(10), inserted.get(20), inserted.get(50));
		assertThat(ids(this.api.all(scoped, "/people?staff=true", 2)))
			.containsExactly(inserted.get(10), inserted.get(20), inserted.get(50));
		assertThat(ids(this.api.all(global, "/people?staff=true&status=deactivated&scopeId=" + scope.getId(), 1)))
			.containsExactly(inserted.get(20));
		assertThat(ids(this.api.all(scoped, "/people?staff=true&status=active&q=" + prefix, 1)))
			.containsExactly(inserted.get(10), inserted.get(50));
		assertThat(ids(this.api.all(scoped, "/people?staff=false&status=deactivated", 1))).containsExactly(inserted.get(30));
	}

	@Test
	void listWalksTheStaffFlagsIndexForStaffElseTheScopesTheStatussOrThePrimaryKey() {
		// Staff are few: the staff flag's index bounds a page by the staff, whatever else is asked.
		assertThat(PeopleApi.walkIndex(true, true, true)).isEqualTo("ix_sso_user_staff");
		assertThat(PeopleApi.walkIndex(false, true, true)).isEqualTo("ix_sso_user_staff");
		assertThat(PeopleApi.walkIndex(true, false, true)).isEqualTo("ix_sso_user_staff");
		assertThat(PeopleApi.walkIndex(true, true, false)).isEqualTo("ix_sso_user_scope_status");
		assertThat(PeopleApi.walkIndex(true, false, false)).isEqualTo("ix_sso_user_scope");
		assertThat(PeopleApi.walkIndex(false, true, false)).isEqualTo("ix_sso_user_status_id");
		assertThat(PeopleApi.walkIndex(false, false, false)).isEqualTo("PRIMARY");
	}

	private static List<String> ids(List<JsonNode> items) {
		return items.stream().map((item) -> item.get("id").asString()).toList();
	}

	@Test
	void listWhenLimitOrCursorIsNotValidThen400() {
		String token = this.api.serviceAccount(null, Permission.USERS_VIEW).token();
		this.api.get(token, "/people?limit=0").isProblem(400, "invalid-request");
		AdminApiCalls.Response tooMany = this.api.get(token, "/people?limit=501").isProblem(400, "invalid-request");
		assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
		this.api.get(token, "/people?limit=many").isProblem(400, "invalid-request");
		this.api.get(token, "/people?after=not-a-cursor!").isProblem(400, "invalid-cursor");
		this.api.get(token, "/people?after=" + "YWJj").isProblem(400, "invalid-cursor");
		this.api.get(token, "/people?status=sleeping").isProblem(400, "invalid-request");
		this.api.get(token, "/people?scopeId=x").isProblem(400, "invalid-request");
		this.api.get(token, "/people?staff=maybe").isProblem(400, "invalid-request");
	}

}
