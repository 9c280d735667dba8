package io.microsys.sso.provider.api.people;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating, reading, replacing, patching, deactivating and reactivating a person through the API,
 * over real HTTP: ETags and If-Match (412 with nothing changed, 428 without one, one winner of two
 * simultaneous updates), the welcome mail, and bad input answered 400 (a name taken 409) with
 * nothing written.
 */
@ProviderIntegrationTest
class PeopleApiChangesTests {

	final Provider provider;

	final AdminApiCalls api;

	final ApiPeople people;

	PeopleApiChangesTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.people = new ApiPeople(provider);
	}

	private AdminApiCalls.ServiceAccount manager(Long scopeId) {
		return this.api.serviceAccount(scopeId, Permission.USERS_VIEW, Permission.USERS_ADD, Permission.USERS_CHANGE,
				Permission.USERS_DELETE);
	}

	@Test
	void createThenTheWelcomeMailLocationAndETagLeadToThePerson() {
		Scope scope = this.people.scope();
		AdminApiCalls.ServiceAccount account = manager(null);
		String token = account.token();
		String username = TestFixtures.unique("new");
		String email = username + "@example.com";
		Map<String, Object> body = Map.of("username", username, "email", email, "firstName", "Nadia", "lastName",
				"Haddad", "language", "ar", "scopeId", scope.getId());

		AdminApiCalls.Response created = this.api.post(token, "/people", body);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.header("Location")).hasValue(this.provider.origin() + "/api/admin/v1/people/" + id);
		assertThat(created.json().get("username").asString()).isEqualTo(username);
		assertThat(created.json().get("status").asString()).isEqualTo("active");
		assertThat(created.json().get("language").asString()).isEqualTo("ar");
		assertThat(created.json().get("origin").asString()).isEqualTo("admin");
		AdminApiCalls.Response read = this.api.get(token, created.header("Location").orElseThrow());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.etag()).isEqualTo(created.etag());
		assertThat(read.json()).isEqualTo(created.json());
		MimeMessage mail = TestMail.await(email, 1);
		assertThat(TestMail.text(mail)).contains("/accounts/password/reset/");
		assertThat(this.people.audited("PERSON_CREATED", id, account.clientId())).isEqualTo(1);
	}

	@Test
	void createWhenInputIsBadThen400WithTheFieldsAndNothingWritten() {
		String token = manager(null).token();
		String username = TestFixtures.unique("bad");
		assertBad(this.api.post(token, "/people", Map.of("username", username, "email", "not-an-email")), "email");
		assertBad(this.api.post(token, "/people", Map.of("username", username)), "email");
		assertBad(this.api.post(token, "/people",
				Map.of("username", username, "email", username + "@example.com", "scopeId", 999_999_999)), "scopeId");
		assertBad(this.api.post(token, "/people",
				Map.of("username", username, "email", username + "@example.com", "nickname", "x")), "nickname");
		assertBad(this.api.post(token, "/people",
				Map.of("username", username, "email", username + "@example.com", "staff", "yes")), "staff");
		assertBad(this.api.post(token, "/people",
				Map.of("username", username, "email", username + "@example.com", "groups", "all")), "groups");
		assertBad(this.api.post(token, "/people",
				Map.of("username", username, "email", username + "@example.com", "language", "xx")), "language");
		assertBad(this.api.post(token, "/people", Map.of("username", "a b", "email", username + "@example.com")),
				"username");
		assertBad(this.api.post(token, "/people", "[1, 2]"), "body");
		this.api.post(token, "/people", "{not json").isProblem(400, "invalid-request");
		assertThat(this.people.withUsername(username)).isZero();
		assertThat(TestMail.to(username + "@example.com")).isEmpty();
	}

	@Test
	void createWhenTheUsernameIsTakenThen409() {
		SsoUser existing = this.people.person(null, "taken");
		String token = manager(null).token();
		this.api.post(token, "/people",
				Map.of("username", existing.getUsername(), "email", TestFixtures.unique("other") + "@example.com"))
			.isProblem(409, "conflict");
		this.api.post(token, "/people",
				Map.of("username", TestFixtures.unique("other"), "email", existing.getEmail()))
			.isProblem(409, "conflict");
		assertThat(this.people.withUsername(existing.getUsername())).isEqualTo(1);
	}

	@Test
	void replaceWithTheETagReadThenChangedElseNothingChanges() {
		SsoUser person = this.people.person(null, "put");
		String token = manager(null).token();
		String path = "/people/" + person.getUuid();
		AdminApiCalls.Response read = this.api.get(token, path);
		Map<String, Object> body = new HashMap<>();
		body.put("email", "changed-" + person.getEmail());
		body.put("firstName", "Omar");
		body.put("lastName", "Saleh");
		body.put("phone", "+970 59 000 0000");
		body.put("language", "en");

		this.api.put(token, path, body, null).isProblem(428, "if-match-required");
		this.api.put(token, path, body, "\"" + (Long.parseLong(read.etag().replace("\"", "")) + 7) + "\"")
			.isProblem(412, "changed-meanwhile");
		this.api.put(token, path, body, "W/\"0\"").isProblem(412, "changed-meanwhile");
		assertThat(this.people.column(person, "first_name")).isEqualTo("Test");

		AdminApiCalls.Response changed = this.api.put(token, path, body, read.etag());
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.etag()).isNotEqualTo(read.etag());
		assertThat(changed.json().get("firstName").asString()).isEqualTo("Omar");
		assertThat(changed.json().get("email").asString()).isEqualTo("changed-" + person.getEmail());
		assertThat(this.people.column(person, "last_name")).isEqualTo("Saleh");

		body.put("firstName", "Late");
		this.api.put(token, path, body, read.etag()).isProblem(412, "changed-meanwhile");
		assertThat(this.people.column(person, "first_name")).isEqualTo("Omar");
		AdminApiCalls.Response again = this.api.put(token, path, changed.json(), changed.etag());
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.etag()).isEqualTo(changed.etag());
		assertBad(this.api.put(token, path, Map.of("firstName", "No language"), changed.etag()), "language");
		assertBad(this.api.put(token, path, Map.of("language", "en", "email", "@"), changed.etag()), "email");
		assertThat(this.people.column(person, "first_name")).isEqualTo("Omar");
	}

	@Test
	void patchChangesOnlyTheFieldsItNames() throws Exception {
		SsoUser person = this.people.person(null, "patch");
		String token = manager(null).token();
		String path = "/people/" + person.getUuid();
		AdminApiCalls.Response read = this.api.get(token, path);

		HttpResponse<String> merged = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.provider.origin() + "/api/admin/v1" + path))
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"lastName\": \"Khalil\", \"firstName\": null}"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/merge-patch+json")
				.header("If-Match", read.etag())
				.build(), HttpResponse.BodyHandlers.ofString());
		AdminApiCalls.Response changed = new AdminApiCalls.Response(merged);

		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.json().get("lastName").asString()).isEqualTo("Khalil");
		assertThat(changed.json().get("firstName").isNull()).isTrue();
		assertThat(changed.json().get("email").asString()).isEqualTo(person.getEmail());
		assertThat(changed.json().get("language").asString()).isEqualTo(read.json().get("language").asString());
		this.api.patch(token, path, Map.of("lastName", "Stale"), read.etag()).isProblem(412, "changed-meanwhile");
		this.api.patch(token, path, Map.of("lastName", "None"), null).isProblem(428, "if-match-required");
		assertBad(this.api.patch(token, path, Map.of("scopeId", "first"), changed.etag()), "scopeId");
		assertThat(this.people.column(person, "last_name")).isEqualTo("Khalil");
		AdminApiCalls.Response any = this.api.patch(token, path, Map.of("lastName", "Any"), "*");
		assertThat(any.status()).as(any.body()).isEqualTo(200);
	}

	@Test
	void deleteDeactivatesWithTheETagAndReactivateUndoesIt() {
		SsoUser person = this.people.person(null, "del");
		AdminApiCalls.ServiceAccount account = manager(null);
		String token = account.token();
		String path = "/people/" + person.getUuid();
		AdminApiCalls.Response read = this.api.get(token, path);

		this.api.delete(token, path, null).isProblem(428, "if-match-required");
		this.api.delete(token, path, "\"12345\"").isProblem(412, "changed-meanwhile");
		assertThat(this.people.column(person, "status")).isEqualTo("ACTIVE");
		AdminApiCalls.Response deleted = this.api.delete(token, path, read.etag());
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
		assertThat(this.people.column(person, "status")).isEqualTo("DEACTIVATED");
		AdminApiCalls.Response gone = this.api.get(token, path);
		assertThat(gone.json().get("status").asString()).isEqualTo("deactivated");
		assertThat(gone.json().get("deactivatedAt").isNull()).isFalse();
		assertThat(this.api.delete(token, path, gone.etag()).status()).isEqualTo(204);
		assertThat(this.people.audited("PERSON_DEACTIVATED", person.getUuid(), account.clientId())).isEqualTo(1);

		AdminApiCalls.Response back = this.api.post(token, path + "/reactivate", null);
		assertThat(back.status()).as(back.body()).isEqualTo(200);
		assertThat(back.json().get("status").asString()).isEqualTo("active");
		assertThat(back.etag()).isNotEqualTo(gone.etag());
		assertThat(this.people.column(person, "status")).isEqualTo("ACTIVE");
	}

	@Test
	void twoSimultaneousUpdatesWithTheSameETagThenOneWinsAndTheOtherIs412() throws Exception {
		SsoUser person = this.people.person(null, "race");
		String token = manager(null).token();
		String path = "/people/" + person.getUuid();
		String etag = this.api.get(token, path).etag();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<AdminApiCalls.Response> answers = Simultaneous.all(pool, 2, (thread) -> {
				Map<String, Object> body = Map.of("firstName", "Racer" + thread, "lastName", "Person", "language",
						"en", "email", person.getEmail());
				return this.api.put(token, path, body, etag);
			});
			assertThat(answers.stream().map(AdminApiCalls.Response::status).sorted().toList())
				.as(answers.stream().map(AdminApiCalls.Response::body).toList().toString())
				.containsExactly(200, 412);
			AdminApiCalls.Response winner = answers.stream().filter((a) -> a.status() == 200).findFirst().orElseThrow();
			assertThat(this.people.column(person, "first_name"))
				.isEqualTo(winner.json().get("firstName").asString());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void assertBad(AdminApiCalls.Response answer, String field) {
		answer.isProblem(400, "invalid-request");
		assertThat(answer.json().get("errors").valueStream().map((error) -> error.get("field").asString()).toList())
			.as(answer.body())
			.contains(field);
		assertThat(answer.json().get("errors").valueStream().map((error) -> error.get("message").asString()))
			.allSatisfy((message) -> assertThat(message).isNotBlank().doesNotContain("{"));
	}

}
