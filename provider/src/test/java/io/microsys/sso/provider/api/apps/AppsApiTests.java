package io.microsys.sso.provider.api.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/admin/v1/apps} over real HTTP with real tokens: an app is created with its policy
 * (its secret answered once, and working at the token endpoint), read, replaced and deleted with
 * ETags (412 stale, 428 missing, one winner of two simultaneous replacements), its secret rotated,
 * deactivated and activated; the console's rules give 400 with the fields at fault and a taken
 * client id 409, with nothing stored; the list pages by keyset; {@code clients.view} alone reads
 * but writes nothing, and a person without permissions reads nothing.
 */
@ProviderIntegrationTest
class AppsApiTests {

	final Provider provider;

	final AdminApiCalls api;

	final JdbcClient jdbc;

	final TestStaff staff;

	AppsApiTests(Provider provider) {
		this.provider = provider;
		this.staff = new TestStaff(provider);
		this.api = new AdminApiCalls(provider);
		this.jdbc = provider.context().getBean(JdbcClient.class);
	}

	private String admin() {
		return this.api
			.serviceAccount(null, Permission.CLIENTS_VIEW, Permission.CLIENTS_ADD, Permission.CLIENTS_CHANGE,
					Permission.CLIENTS_DELETE)
			.token();
	}

	/** A server-side app using client credentials with the scope {@code reports.read}. */
	private static Map<String, Object> serverApp(String clientId) {
		Map<String, Object> app = new LinkedHashMap<>();
		app.put("clientId", clientId);
		app.put("name", "Reports");
		app.put("confidential", true);
		app.put("grantTypes", List.of("client_credentials"));
		app.put("scopes", List.of("reports.read"));
		return app;
	}

	/** A browser app using the code flow with PKCE. */
	private static Map<String, Object> browserApp(String clientId, String name) {
		Map<String, Object> app = new LinkedHashMap<>();
		app.put("clientId", clientId);
		app.put("name", name);
		app.put("confidential", false);
		app.put("redirectUris", List.of("https://spa.example.com/callback"));
		app.put("postLogoutRedirectUris", List.of("https://spa.example.com/"));
		app.put("grantTypes", List.of("authorization_code", "refresh_token"));
		app.put("scopes", List.of("openid", "profile"));
		app.put("accessTokenTtlSeconds", 600);
		app.put("refreshTokenTtlSeconds", 3600);
		app.put("policy", Map.of("requireConsent", true, "requireSecondFactor", true));
		return app;
	}

	private long count(String clientId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_client WHERE client_id = ?")
			.param(clientId)
			.query(Long.class)
			.single();
	}

	private String storedName(String clientId) {
		return this.jdbc.sql("SELECT name FROM sso_client WHERE client_id = ?").param(clientId).query(String.class).single();
	}

	@Test
	void createAnswersTheSecretOnceAndItWorksAtTheTokenEndpoint() {
		String token = admin();
		String clientId = TestFixtures.unique("reports");
		AdminApiCalls.Response created = this.api.post(token, "/apps", serverApp(clientId));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.header("Location")).hasValue(this.provider.origin() + "/api/admin/v1/apps/" + clientId);
		assertThat(created.header("Cache-Control")).hasValue("no-store");
		String secret = created.json().get("clientSecret").asString();
		assertThat(secret).hasSizeGreaterThan(30);
		assertThat(created.json().get("confidential").asBoolean()).isTrue();
		assertThat(created.json().get("policy").get("requirePkce").asBoolean()).isTrue();
		String storedHash = this.jdbc.sql("SELECT secret_hash FROM sso_client WHERE client_id = ?")
			.param(clientId)
			.query(String.class)
			.single();
		assertThat(storedHash).isNotEqualTo(secret).doesNotContain(secret);

		AdminApiCalls.Response read = this.api.get(token, "/apps/" + clientId);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.etag()).isEqualTo(created.etag());
		assertThat(read.json().has("clientSecret")).isFalse();
		assertThat(read.body()).doesNotContain(secret);
		assertThat(read.json().get("grantTypes").get(0).asString()).isEqualTo("client_credentials");

		RelyingParty app = new RelyingParty(this.provider.issuer(), clientId, secret, TestFixtures.REDIRECT_URI);
		RelyingParty.Json issued = app.clientCredentials("reports.read");
		assertThat(issued.status()).as(issued.raw()).isEqualTo(200);
		assertThat(issued.string("access_token")).isNotBlank();
	}

	@Test
	void createTakesThePolicyAndGivesAClientIdWhenNoneIsGiven() {
		String token = admin();
		Map<String, Object> body = browserApp(null, "Single page");
		body.remove("clientId");
		AdminApiCalls.Response created = this.api.post(token, "/apps", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode app = created.json();
		assertThat(app.get("clientId").asString()).matches("[0-9a-f-]{36}");
		assertThat(app.has("clientSecret")).isFalse();
		assertThat(app.get("confidential").asBoolean()).isFalse();
		assertThat(app.get("accessTokenTtlSeconds").asInt()).isEqualTo(600);
		assertThat(app.get("refreshTokenTtlSeconds").asInt()).isEqualTo(3600);
		assertThat(app.get("postLogoutRedirectUris").get(0).asString()).isEqualTo("https://spa.example.com/");
		JsonNode policy = app.get("policy");
		assertThat(policy.get("active").asBoolean()).isTrue();
		assertThat(policy.get("requireConsent").asBoolean()).isTrue();
		assertThat(policy.get("requireSecondFactor").asBoolean()).isTrue();
		assertThat(policy.get("allowAllAuthenticated").asBoolean()).isFalse();
		assertThat(app.get("createdAt").asString()).endsWith("Z");
		Boolean stored = this.jdbc.sql("SELECT require_2fa FROM sso_client WHERE client_id = ?")
			.param(app.get("clientId").asString())
			.query(Boolean.class)
			.single();
		assertThat(stored).isTrue();
	}

	@Test
	void breakingTheAppRulesIs400WithTheFieldsAndStoresNothing() {
		String token = admin();
		String clientId = TestFixtures.unique("bad");
		Map<String, Object> body = browserApp(clientId, "Bad");
		body.put("redirectUris", List.of("http://spa.example.com/callback"));
		body.put("grantTypes", List.of("authorization_code", "password"));
		body.put("accessTokenTtlSeconds", 5);
		AdminApiCalls.Response answer = this.api.post(token, "/apps", body).isProblem(400, "invalid-request");
		List<String> fields = new ArrayList<>();
		answer.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		assertThat(fields).contains("redirectUris", "grantTypes", "accessTokenTtlSeconds");
		answer.json().get("errors").forEach((error) -> assertThat(error.get("message").asString()).isNotBlank());
		assertThat(count(clientId)).isZero();

		Map<String, Object> noName = browserApp(clientId, " ");
		noName.put("redirectUris", List.of("https://a.example/x y"));
		AdminApiCalls.Response invalid = this.api.post(token, "/apps", noName).isProblem(400, "invalid-request");
		assertThat(invalid.body()).contains("\"name\"").contains("redirectUris[0]");
		this.api.call(token, "POST", "/apps").json("{\"name\": ").send().isProblem(400, "invalid-request");
		assertThat(count(clientId)).isZero();

		AdminApiCalls.Response app = this.api.post(token, "/apps", browserApp(clientId, "Good"));
		assertThat(app.status()).as(app.body()).isEqualTo(201);
		Map<String, Object> publicWithSecretGrant = browserApp(clientId, "Changed");
		publicWithSecretGrant.put("grantTypes", List.of("client_credentials"));
		AdminApiCalls.Response refused = this.api.put(token, "/apps/" + clientId, publicWithSecretGrant, app.etag())
			.isProblem(400, "invalid-request");
		assertThat(refused.body()).contains("grantTypes");
		assertThat(storedName(clientId)).isEqualTo("Good");
		assertThat(this.api.get(token, "/apps/" + clientId).etag()).isEqualTo(app.etag());
	}

	@Test
	void aTakenClientIdIs409() {
		String token = admin();
		String clientId = TestFixtures.unique("taken");
		assertThat(this.api.post(token, "/apps", browserApp(clientId, "First")).status()).isEqualTo(201);
		this.api.post(token, "/apps", browserApp(clientId, "Second")).isProblem(409, "conflict");
		assertThat(storedName(clientId)).isEqualTo("First");
		this.api.post(token, "/apps", browserApp("new", "Reserved")).isProblem(400, "invalid-request");
		this.api.post(token, "/apps", browserApp("no spaces", "Bad id")).isProblem(400, "invalid-request");
	}

	@Test
	void replaceAndDeleteNeedTheCurrentETag() {
		String token = admin();
		String clientId = TestFixtures.unique("etag");
		AdminApiCalls.Response created = this.api.post(token, "/apps", browserApp(clientId, "Before"));
		String first = created.etag();
		Map<String, Object> change = browserApp(clientId, "After");
		change.put("policy", Map.of("allowAllAuthenticated", true));

		this.api.put(token, "/apps/" + clientId, change, null).isProblem(428, "if-match-required");
		this.api.put(token, "/apps/" + clientId, change, "W/" + first).isProblem(412, "changed-meanwhile");
		assertThat(storedName(clientId)).isEqualTo("Before");

		AdminApiCalls.Response changed = this.api.put(token, "/apps/" + clientId, change, first);
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.etag()).isNotEqualTo(first);
		assertThat(changed.json().get("name").asString()).isEqualTo("After");
		assertThat(changed.json().get("policy").get("allowAllAuthenticated").asBoolean()).isTrue();
		assertThat(changed.json().get("policy").get("requireConsent").asBoolean()).isFalse();
		assertThat(storedName(clientId)).isEqualTo("After");

		change.put("name", "Lost update");
		this.api.put(token, "/apps/" + clientId, change, first).isProblem(412, "changed-meanwhile");
		assertThat(storedName(clientId)).isEqualTo("After");
		change.put("clientId", "another-id");
		this.api.put(token, "/apps/" + clientId, change, changed.etag()).isProblem(400, "invalid-request");

		this.api.delete(token, "/apps/" + clientId, null).isProblem(428, "if-match-required");
		this.api.delete(token, "/apps/" + clientId, first).isProblem(412, "changed-meanwhile");
		assertThat(count(clientId)).isOne();
		assertThat(this.api.delete(token, "/apps/" + clientId, changed.etag()).status()).isEqualTo(204);
		assertThat(count(clientId)).isZero();
		this.api.get(token, "/apps/" + clientId).isProblem(404, "not-found");
		this.api.delete(token, "/apps/" + clientId, changed.etag()).isProblem(404, "not-found");
		this.api.put(token, "/apps/" + clientId, browserApp(clientId, "Ghost"), "*").isProblem(404, "not-found");
	}

	@Test
	void becomingConfidentialAnswersTheNewSecretOnce() {
		String token = admin();
		String clientId = TestFixtures.unique("tobe");
		Map<String, Object> body = browserApp(clientId, "Public first");
		AdminApiCalls.Response created = this.api.post(token, "/apps", body);
		body.put("confidential", true);
		body.put("grantTypes", List.of("authorization_code", "client_credentials"));
		body.put("scopes", List.of("openid", "jobs.run"));
		AdminApiCalls.Response changed = this.api.put(token, "/apps/" + clientId, body, created.etag());
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		String secret = changed.json().get("clientSecret").asString();
		assertThat(new RelyingParty(this.provider.issuer(), clientId, secret, TestFixtures.REDIRECT_URI)
			.clientCredentials("jobs.run")
			.status()).isEqualTo(200);
		assertThat(this.api.get(token, "/apps/" + clientId).json().has("clientSecret")).isFalse();
	}

	@Test
	void rotatingTheSecretAnswersTheNewOneOnce() {
		String token = admin();
		String clientId = TestFixtures.unique("rotate");
		AdminApiCalls.Response created = this.api.post(token, "/apps", serverApp(clientId));
		String before = created.json().get("clientSecret").asString();
		AdminApiCalls.Response rotated = this.api.post(token, "/apps/" + clientId + "/secret", Map.of("overlapHours", 0));
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		assertThat(rotated.header("Cache-Control")).hasValue("no-store");
		String after = rotated.json().get("clientSecret").asString();
		assertThat(after).isNotEqualTo(before);
		assertThat(rotated.json().get("previousSecretExpiresAt").isNull()).isTrue();
		assertThat(new RelyingParty(this.provider.issuer(), clientId, after, TestFixtures.REDIRECT_URI)
			.clientCredentials("reports.read")
			.status()).isEqualTo(200);
		assertThat(new RelyingParty(this.provider.issuer(), clientId, before, TestFixtures.REDIRECT_URI)
			.clientCredentials("reports.read")
			.status()).isEqualTo(401);

		AdminApiCalls.Response overlapping = this.api.post(token, "/apps/" + clientId + "/secret", null);
		assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(200);
		assertThat(overlapping.json().get("previousSecretExpiresAt").asString()).endsWith("Z");
		assertThat(new RelyingParty(this.provider.issuer(), clientId, after, TestFixtures.REDIRECT_URI)
			.clientCredentials("reports.read")
			.status()).isEqualTo(200);
		assertThat(this.api.get(token, "/apps/" + clientId).body()).doesNotContain(after)
			.doesNotContain(overlapping.json().get("clientSecret").asString());

		this.api.post(token, "/apps/" + clientId + "/secret", Map.of("overlapHours", 721))
			.isProblem(400, "invalid-request");
		String publicApp = TestFixtures.unique("public");
		this.api.post(token, "/apps", browserApp(publicApp, "No secret"));
		this.api.post(token, "/apps/" + publicApp + "/secret", Map.of()).isProblem(409, "conflict");
	}

	@Test
	void deactivatingRefusesTheAppsTokensUntilActivated() {
		String token = admin();
		String clientId = TestFixtures.unique("pause");
		String secret = this.api.post(token, "/apps", serverApp(clientId)).json().get("clientSecret").asString();
		RelyingParty app = new RelyingParty(this.provider.issuer(), clientId, secret, TestFixtures.REDIRECT_URI);
		AdminApiCalls.Response deactivated = this.api.post(token, "/apps/" + clientId + "/deactivate", null);
		assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
		assertThat(deactivated.json().get("policy").get("active").asBoolean()).isFalse();
		assertThat(app.clientCredentials("reports.read").status()).isNotEqualTo(200);
		assertThat(this.api.post(token, "/apps/" + clientId + "/deactivate", null).etag()).isEqualTo(deactivated.etag());
		AdminApiCalls.Response activated = this.api.post(token, "/apps/" + clientId + "/activate", null);
		assertThat(activated.json().get("policy").get("active").asBoolean()).isTrue();
		assertThat(activated.etag()).isNotEqualTo(deactivated.etag());
		assertThat(app.clientCredentials("reports.read").status()).isEqualTo(200);
		this.api.post(token, "/apps/no-such-app/activate", null).isProblem(404, "not-found");
	}

	@Test
	void theAdminApiScopeIsGivenBySuperusersOnlyAndTakingItAwayStopsTheTokensAlreadyIssued() {
		// Every clients permission is not enough: such an app gets tokens acting as whoever signs in to it.
		String token = admin();
		String clientId = TestFixtures.unique("tool");
		Map<String, Object> tool = browserApp(clientId, "Tool");
		tool.put("scopes", List.of("openid", "microsys.admin"));
		AdminApiCalls.Response refused = this.api.post(token, "/apps", tool).isProblem(403, "forbidden");
		assertThat(refused.json().get("reason").asString()).isEqualTo("superusers_only");
		assertThat(count(clientId)).isZero();

		AdminApiCalls.Response created = this.api.post(token, "/apps", browserApp(clientId, "Tool"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.api.put(token, "/apps/" + clientId, tool, created.etag()).isProblem(403, "forbidden");
		assertThat(this.api.get(token, "/apps/" + clientId).json().get("scopes").toString()).doesNotContain("microsys.admin");

		String root = this.api.personalToken(this.api.commandLineTool(), this.staff.superuser());
		AdminApiCalls.Response given = this.api.put(root, "/apps/" + clientId, tool, created.etag());
		assertThat(given.status()).as(given.body()).isEqualTo(200);
		assertThat(given.json().get("scopes").toString()).contains("microsys.admin");

		// Taken off an app (anyone who may change it may), the tokens it holds stop at once.
		SsoUser person = this.staff.superuser();
		SsoClient cliApp = this.api.commandLineTool();
		String cli = cliApp.getClientId();
		String personal = this.api.personalToken(cliApp, person);
		assertThat(this.api.get(personal, "/me").status()).isEqualTo(200);
		AdminApiCalls.Response read = this.api.get(token, "/apps/" + cli);
		Map<String, Object> without = asMap(read.json());
		without.put("scopes", List.of("openid"));
		AdminApiCalls.Response taken = this.api.put(token, "/apps/" + cli, without, read.etag());
		assertThat(taken.status()).as(taken.body()).isEqualTo(200);
		AdminApiCalls.Response stopped = this.api.get(personal, "/me");
		assertThat(stopped.status()).isEqualTo(401);
		assertThat(stopped.header("WWW-Authenticate")).hasValueSatisfying((value) -> assertThat(value).contains("invalid_token"));
	}

	@Test
	void aMemberTheBodyDoesNotHaveIsRefusedByNameAndNothingChanges() {
		String token = admin();
		String clientId = TestFixtures.unique("typo");
		Map<String, Object> typo = browserApp(clientId, "Typo");
		typo.remove("clientId");
		typo.put("client_id", clientId);
		AdminApiCalls.Response refused = this.api.post(token, "/apps", typo).isProblem(400, "invalid-request");
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("client_id");
		assertThat(count(clientId)).isZero();

		AdminApiCalls.Response created = this.api.post(token, "/apps", browserApp(clientId, "Typo"));
		Map<String, Object> change = browserApp(clientId, "Typo");
		change.put("policy", Map.of("requireConsent", true, "requireSecondfactor", true));
		AdminApiCalls.Response nested = this.api.put(token, "/apps/" + clientId, change, created.etag())
			.isProblem(400, "invalid-request");
		assertThat(nested.json().get("errors").get(0).get("field").asString()).isEqualTo("policy.requireSecondfactor");
		assertThat(this.api.get(token, "/apps/" + clientId).json().get("policy").get("requireSecondFactor").asBoolean())
			.isTrue();

		// What a read answers may be sent back: its read-only members are not refused.
		AdminApiCalls.Response read = this.api.get(token, "/apps/" + clientId);
		Map<String, Object> back = asMap(read.json());
		back.put("name", "Typo again");
		AdminApiCalls.Response again = this.api.put(token, "/apps/" + clientId, back, read.etag());
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(storedName(clientId)).isEqualTo("Typo again");

		SsoClient account = this.api.serviceAccount(null).client();
		String granter = this.api.personalToken(this.api.commandLineTool(), this.staff.superuser());
		AdminApiCalls.Response scope = this.api.put(granter, "/apps/" + account.getClientId() + "/service-account",
				Map.of("scope", 7, "permissions", List.of("users.view")), "*")
			.isProblem(400, "invalid-request");
		assertThat(scope.json().get("errors").get(0).get("field").asString()).isEqualTo("scope");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_client_permission WHERE client_id = ?")
			.param(account.getId())
			.query(Long.class)
			.single()).isZero();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(JsonNode read) {
		return new LinkedHashMap<>(tools.jackson.databind.json.JsonMapper.builder().build().convertValue(read, Map.class));
	}

	@Test
	void theListPagesByKeyset() {
		String token = admin();
		String prefix = TestFixtures.unique("paged");
		List<String> made = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String clientId = prefix + "-" + i;
			assertThat(this.api.post(token, "/apps", browserApp(clientId, "Paged " + i)).status()).isEqualTo(201);
			made.add(clientId);
		}
		AdminApiCalls.Response first = this.api.get(token, "/apps?q=" + prefix + "&limit=2");
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().get("items")).hasSize(2);
		assertThat(first.header("Link")).hasValueSatisfying(
				(link) -> assertThat(link).contains("after=" + first.json().get("next").asString()).endsWith("rel=\"next\""));
		List<String> listed = new ArrayList<>();
		this.api.all(token, "/apps?q=" + prefix, 2).forEach((item) -> listed.add(item.get("clientId").asString()));
		assertThat(listed).containsExactlyElementsOf(made);
		JsonNode item = first.json().get("items").get(0);
		assertThat(item.get("confidential").asBoolean()).isFalse();
		assertThat(item.get("active").asBoolean()).isTrue();
		this.api.get(token, "/apps?limit=501").isProblem(400, "invalid-request");
		this.api.get(token, "/apps?after=bm90LWEtY3Vyc29y").isProblem(400, "invalid-cursor");
	}

	@Test
	void viewingAloneWritesNothing() {
		String admin = admin();
		String clientId = TestFixtures.unique("viewonly");
		AdminApiCalls.Response created = this.api.post(admin, "/apps", serverApp(clientId));
		String viewer = this.api.serviceAccount(null, Permission.CLIENTS_VIEW).token();
		assertThat(this.api.get(viewer, "/apps?limit=50").status()).isEqualTo(200);
		assertThat(this.api.get(viewer, "/apps/" + clientId).status()).isEqualTo(200);
		AdminApiCalls.Response refused = this.api.post(viewer, "/apps", serverApp(TestFixtures.unique("no")))
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("clients.add");
		this.api.put(viewer, "/apps/" + clientId, serverApp(clientId), created.etag())
			.isProblem(403, "forbidden");
		this.api.post(viewer, "/apps/" + clientId + "/secret", Map.of()).isProblem(403, "forbidden");
		this.api.post(viewer, "/apps/" + clientId + "/deactivate", null).isProblem(403, "forbidden");
		this.api.delete(viewer, "/apps/" + clientId, created.etag()).isProblem(403, "forbidden");
		assertThat(this.api.get(admin, "/apps/" + clientId).etag()).isEqualTo(created.etag());
		assertThat(count(clientId)).isOne();
	}

	@Test
	void aPersonWithoutPermissionsSeesNoApp() {
		SsoUser person = this.provider.fixtures().user();
		String token = this.api.personalToken(this.api.commandLineTool(), person);
		this.api.get(token, "/apps").isProblem(403, "forbidden");
		this.api.get(token, "/apps/no-such-app").isProblem(403, "forbidden");
		this.api.post(token, "/apps", serverApp(TestFixtures.unique("no"))).isProblem(403, "forbidden");
		this.api.get(null, "/apps").isProblem(401, "unauthorized");
	}

	@Test
	void theOpenApiDocumentDescribesEveryAppsOperation() {
		AdminApiCalls.Response document = this.api.get(null, "/openapi.json");
		assertThat(document.status()).as(document.body()).isEqualTo(200);
		JsonNode paths = document.json().get("paths");
		assertThat(paths.get("/api/admin/v1/apps").has("get")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps").has("post")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps/{clientId}").has("put")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps/{clientId}").has("delete")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps/{clientId}/secret").has("post")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps/{clientId}/members/{personId}").has("put")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps/{clientId}/invitations/{id}/resend").has("post")).isTrue();
		assertThat(paths.get("/api/admin/v1/apps/{clientId}").get("put").get("description").asString())
			.contains("clients.change");
		assertThat(document.json().get("components").get("schemas").get("AppPolicy").get("properties").has("requirePar"))
			.isTrue();
	}

	@Test
	void ofTwoSimultaneousReplacementsWithTheSameETagOneWins() throws Exception {
		String token = admin();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 3; round++) {
				String clientId = TestFixtures.unique("race");
				String etag = this.api.post(token, "/apps", browserApp(clientId, "Start")).etag();
				List<Integer> statuses = Simultaneous.all(pool, 2, (thread) -> this.api
					.put(token, "/apps/" + clientId, browserApp(clientId, "Writer " + thread), etag)
					.status());
				assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 412);
				assertThat(storedName(clientId)).startsWith("Writer ");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
