package io.microsys.sso.provider.api.invitations;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invitations through the admin API, over real HTTP with real tokens: the console's permissions
 * (registrations view, add, change, delete), the email as from the console, sending again and
 * withdrawing (idempotent; a 409 for one accepted or expired), keyset pages newest first, and bad
 * input answered 400 with nothing stored or mailed.
 */
@ProviderIntegrationTest
class InvitationsApiTests {

	final Provider provider;

	final AdminApiCalls api;

	final JdbcTemplate jdbc;

	InvitationsApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	private SsoClient app() {
		return this.provider.fixtures().confidentialClient((c) -> {
		});
	}

	private static String email() {
		return TestFixtures.unique("invitee").toLowerCase() + "@example.com";
	}

	private long stored(String email) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE email_key = ?", Long.class,
				email.toLowerCase());
	}

	@Test
	void inviteWhenAllowedThenMailedReadableSentAgainAndWithdrawn() {
		SsoClient app = app();
		String email = email();
		String token = this.api.serviceAccount(null, Permission.REGISTRATIONS_VIEW, Permission.REGISTRATIONS_ADD,
				Permission.REGISTRATIONS_CHANGE, Permission.REGISTRATIONS_DELETE).token();
		AdminApiCalls.Response created = this.api.post(token, "/invitations",
				Map.of("email", email, "appClientId", app.getClientId(), "role", "staff", "language", "ar"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/api/admin/v1/invitations/" + id));
		assertThat(created.etag()).isNotBlank();
		assertThat(created.json().get("status").asString()).isEqualTo("pending");
		assertThat(created.json().get("role").asString()).isEqualTo("staff");
		assertThat(created.json().get("language").asString()).isEqualTo("ar");
		assertThat(created.json().get("appClientId").asString()).isEqualTo(app.getClientId());
		assertThat(created.json().get("mail").asString()).isEqualTo("sent");
		assertThat(created.json().get("link").isNull()).isTrue();
		MimeMessage mail = TestMail.await(email, 1);
		assertThat(TestMail.text(mail)).contains("/accounts/invitation/");

		AdminApiCalls.Response read = this.api.get(token, "/invitations/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("email").asString()).isEqualTo(email);
		assertThat(this.api.all(token, "/invitations", 500).stream().map((i) -> i.get("id").asLong())).contains(id);

		AdminApiCalls.Response resent = this.api.post(token, "/invitations/" + id + "/resend", null);
		assertThat(resent.status()).as(resent.body()).isEqualTo(200);
		TestMail.await(email, 2);
		assertThat(TestMail.text(TestMail.to(email).get(1))).isNotEqualTo(TestMail.text(mail));

		assertThat(this.api.delete(token, "/invitations/" + id, null).status()).isEqualTo(204);
		assertThat(this.api.get(token, "/invitations/" + id).json().get("status").asString()).isEqualTo("revoked");
		assertThat(this.api.delete(token, "/invitations/" + id, null).status()).isEqualTo(204);
		this.api.post(token, "/invitations/" + id + "/resend", null).isProblem(409, "conflict");
		assertThat(TestMail.to(email)).hasSize(2);
		this.api.get(token, "/invitations/999999999").isProblem(404, "not-found");
		this.api.delete(token, "/invitations/999999999", null).isProblem(404, "not-found");
		this.api.post(token, "/invitations/999999999/resend", null).isProblem(404, "not-found");
	}

	@Test
	void withdrawWhenAcceptedThenConflictAndKept() {
		SsoClient app = app();
		String token = this.api.serviceAccount(null, Permission.REGISTRATIONS_ADD, Permission.REGISTRATIONS_DELETE)
			.token();
		AdminApiCalls.Response created = this.api.post(token, "/invitations",
				Map.of("email", email(), "appClientId", app.getClientId()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("role").asString()).isEqualTo("user");
		long id = created.json().get("id").asLong();
		this.jdbc.update("UPDATE sso_invitation SET accepted_at = ? WHERE id = ?", Timestamp.from(Instant.now()), id);
		this.api.delete(token, "/invitations/" + id, null).isProblem(409, "conflict");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE id = ? AND revoked_at IS NULL",
				Long.class, id)).isEqualTo(1);
	}

	@Test
	void callsWhenWithoutThePermissionThen403AndNothingStoredOrMailed() {
		SsoClient app = app();
		String email = email();
		String viewOnly = this.api.serviceAccount(null, Permission.REGISTRATIONS_VIEW).token();
		this.api.post(viewOnly, "/invitations", Map.of("email", email, "appClientId", app.getClientId()))
			.isProblem(403, "forbidden");
		String adding = this.api.serviceAccount(null, Permission.REGISTRATIONS_ADD).token();
		long id = this.api.post(adding, "/invitations", Map.of("email", email, "appClientId", app.getClientId()))
			.json()
			.get("id")
			.asLong();
		AdminApiCalls.Response refused = this.api.post(viewOnly, "/invitations/" + id + "/resend", null)
			.isProblem(403, "forbidden");
		assertThat(refused.json().get("permission").asString()).isEqualTo("registrations.change");
		this.api.delete(viewOnly, "/invitations/" + id, null).isProblem(403, "forbidden");
		this.api.get(adding, "/invitations").isProblem(403, "forbidden");
		String plain = this.api.personalToken(this.api.commandLineTool(), this.provider.fixtures().user());
		this.api.get(plain, "/invitations").isProblem(403, "forbidden");
		this.api.post(plain, "/invitations", Map.of("email", email(), "appClientId", app.getClientId()))
			.isProblem(403, "forbidden");
		assertThat(stored(email)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE id = ? AND revoked_at IS NULL",
				Long.class, id)).isEqualTo(1);
		TestMail.await(email, 1);
		assertThat(TestMail.to(email)).hasSize(1);
	}

	@Test
	void inviteWhenInputIsBadThen400WithTheFieldAndNothingStored() {
		SsoClient app = app();
		String email = email();
		String token = this.api.serviceAccount(null, Permission.REGISTRATIONS_ADD).token();
		assertThat(field(this.api.post(token, "/invitations", Map.of("email", "not-an-address", "appClientId",
				app.getClientId())))).isEqualTo("email");
		assertThat(field(this.api.post(token, "/invitations", Map.of("email", email, "appClientId", "no-such-app"))))
			.isEqualTo("appClientId");
		assertThat(field(this.api.post(token, "/invitations", Map.of("email", email)))).isEqualTo("appClientId");
		assertThat(field(this.api.post(token, "/invitations",
				Map.of("email", email, "appClientId", app.getClientId(), "role", "owner")))).isEqualTo("role");
		assertThat(field(this.api.post(token, "/invitations",
				Map.of("email", email, "appClientId", app.getClientId(), "language", "fr")))).isEqualTo("language");
		this.api.call(token, "POST", "/invitations").json("[1, 2").send().isProblem(400, "invalid-request");
		assertThat(stored(email)).isZero();
		assertThat(TestMail.to(email)).isEmpty();
	}

	private static String field(AdminApiCalls.Response answer) {
		answer.isProblem(400, "invalid-request");
		return answer.json().get("errors").get(0).get("field").asString();
	}

	@Test
	void listWhenManyThenKeysetPagesNewestFirst() {
		SsoClient app = app();
		Timestamp now = Timestamp.from(Instant.now());
		Timestamp expires = Timestamp.from(Instant.now().plus(7, ChronoUnit.DAYS));
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			rows.add(new Object[] { java.util.UUID.randomUUID().toString().replace("-", "") + i, app.getId(), "p" + i + "@example.com",
					"p" + i + "@example.com", "USER", "en", now, expires });
		}
		this.jdbc.batchUpdate("INSERT INTO sso_invitation (token_hash, client_id, email, email_key, role, language, "
				+ "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
		String token = this.api.serviceAccount(null, Permission.REGISTRATIONS_VIEW).token();
		List<JsonNode> all = this.api.all(token, "/invitations", 50);
		assertThat(all.stream().filter((i) -> i.get("appClientId").asString().equals(app.getClientId()))).hasSize(120);
		for (int i = 1; i < all.size(); i++) {
			assertThat(all.get(i).get("id").asLong()).isLessThan(all.get(i - 1).get("id").asLong());
		}
		AdminApiCalls.Response first = this.api.get(token, "/invitations?limit=50");
		assertThat(first.json().get("items")).hasSize(50);
		assertThat(first.header("Link")).isPresent();
	}

}
