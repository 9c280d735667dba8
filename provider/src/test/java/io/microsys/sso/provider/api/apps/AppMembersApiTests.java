package io.microsys.sso.provider.api.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's members and invitations through {@code /api/admin/v1/apps/{clientId}/…} over real
 * HTTP: staff with {@code clients.change} give, change and take roles (PUT and DELETE idempotent),
 * the list pages by keyset, an app's own admin with their personal token manages that app's
 * members within the app's limits and nothing else, invitations are mailed (read in GreenMail),
 * listed, sent again and withdrawn; refused and invalid requests change nothing.
 */
@ProviderIntegrationTest
class AppMembersApiTests {

	final Provider provider;

	final AdminApiCalls api;

	final JdbcClient jdbc;

	AppMembersApiTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.jdbc = provider.context().getBean(JdbcClient.class);
	}

	private String staff() {
		return this.api.serviceAccount(null, Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE).token();
	}

	private SsoClient app() {
		return this.provider.fixtures().confidentialClient((c) -> {
		});
	}

	private String role(SsoClient app, SsoUser person) {
		return this.jdbc.sql("SELECT role FROM sso_membership WHERE client_id = ? AND user_id = ?")
			.params(app.getId(), person.getId())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private String member(SsoClient app, SsoUser person) {
		return "/apps/" + app.getClientId() + "/members/" + person.getUuid();
	}

	@Test
	void puttingARoleAddsChangesAndRepeatsAsOne() {
		String token = staff();
		SsoClient app = app();
		SsoUser person = this.provider.fixtures().user();
		AdminApiCalls.Response added = this.api.put(token, member(app, person), Map.of("role", "staff"), null);
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().get("id").asString()).isEqualTo(person.getUuid());
		assertThat(added.json().get("role").asString()).isEqualTo("staff");
		assertThat(added.json().get("accountStatus").asString()).isEqualTo("active");
		assertThat(this.api.put(token, member(app, person), Map.of("role", "staff"), null).status()).isEqualTo(200);
		assertThat(role(app, person)).isEqualTo("STAFF");
		AdminApiCalls.Response changed = this.api.put(token, member(app, person), Map.of("role", "admin"), null);
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().get("role").asString()).isEqualTo("admin");
		assertThat(role(app, person)).isEqualTo("ADMIN");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_membership WHERE client_id = ?")
			.param(app.getId())
			.query(Long.class)
			.single()).isOne();

		this.api.put(token, member(app, person), Map.of("role", "owner"), null).isProblem(400, "invalid-request");
		this.api.put(token, member(app, person), Map.of(), null).isProblem(400, "invalid-request");
		assertThat(role(app, person)).isEqualTo("ADMIN");
		this.api.put(token, "/apps/" + app.getClientId() + "/members/00000000-0000-0000-0000-000000000001",
				Map.of("role", "user"), null)
			.isProblem(404, "not-found");
		this.api.put(token, "/apps/no-such-app/members/" + person.getUuid(), Map.of("role", "user"), null)
			.isProblem(404, "not-found");

		assertThat(this.api.delete(token, member(app, person), null).status()).isEqualTo(204);
		assertThat(role(app, person)).isNull();
		assertThat(this.api.delete(token, member(app, person), null).status()).isEqualTo(204);

		SsoUser deactivated = this.provider.fixtures()
			.user((u) -> u.deactivate(java.time.Instant.now(), null));
		this.api.put(token, member(app, deactivated), Map.of("role", "user"), null).isProblem(409, "conflict");
		assertThat(role(app, deactivated)).isNull();
	}

	@Test
	void theMembersListPagesByKeyset() {
		String token = staff();
		SsoClient app = app();
		List<String> made = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			SsoUser person = this.provider.fixtures().user();
			this.provider.fixtures().membership(app, person, (i % 2 == 0) ? MembershipRole.USER : MembershipRole.STAFF);
			made.add(person.getUuid());
		}
		AdminApiCalls.Response first = this.api.get(token, "/apps/" + app.getClientId() + "/members?limit=2");
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().get("items")).hasSize(2);
		assertThat(first.header("Link")).isPresent();
		List<String> listed = new ArrayList<>();
		this.api.all(token, "/apps/" + app.getClientId() + "/members", 2)
			.forEach((item) -> listed.add(item.get("id").asString()));
		assertThat(listed).containsExactlyElementsOf(made);
		this.api.get(token, "/apps/" + app.getClientId() + "/members?limit=0").isProblem(400, "invalid-request");
	}

	@Test
	void anAppsAdminManagesItsMembersWithinItsLimitsAndNothingElse() {
		SsoClient app = app();
		SsoClient other = app();
		SsoUser admin = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, admin, MembershipRole.ADMIN);
		SsoUser person = this.provider.fixtures().user();
		SsoUser superuser = new TestStaff(this.provider).superuser();
		this.provider.fixtures().membership(app, superuser, MembershipRole.USER);
		String token = this.api.personalToken(this.api.commandLineTool(), admin);

		AdminApiCalls.Response members = this.api.get(token, "/apps/" + app.getClientId() + "/members?limit=50");
		assertThat(members.status()).as(members.body()).isEqualTo(200);
		assertThat(members.body()).contains(admin.getUuid()).doesNotContain(superuser.getUuid());
		assertThat(this.api.put(token, member(app, person), Map.of("role", "staff"), null).status()).isEqualTo(201);
		assertThat(role(app, person)).isEqualTo("STAFF");

		AdminApiCalls.Response noAdmins = this.api.put(token, member(app, person), Map.of("role", "admin"), null)
			.isProblem(403, "forbidden");
		assertThat(noAdmins.json().get("reason").asString()).isEqualTo("app_admins_appoint_no_admins");
		AdminApiCalls.Response self = this.api.put(token, member(app, admin), Map.of("role", "user"), null)
			.isProblem(403, "forbidden");
		assertThat(self.json().get("reason").asString()).isEqualTo("self_protected");
		this.api.delete(token, member(app, admin), null).isProblem(403, "forbidden");
		this.api.put(token, member(app, superuser), Map.of("role", "staff"), null).isProblem(404, "not-found");
		assertThat(role(app, person)).isEqualTo("STAFF");
		assertThat(role(app, admin)).isEqualTo("ADMIN");
		assertThat(role(app, superuser)).isEqualTo("USER");

		this.api.get(token, "/apps/" + other.getClientId() + "/members").isProblem(403, "forbidden");
		this.api.put(token, member(other, person), Map.of("role", "user"), null).isProblem(403, "forbidden");
		assertThat(role(other, person)).isNull();
		this.api.get(token, "/apps/" + app.getClientId()).isProblem(403, "forbidden");
		this.api.get(token, "/apps").isProblem(403, "forbidden");
		this.api.post(token, "/apps/" + app.getClientId() + "/secret", Map.of()).isProblem(403, "forbidden");
		this.api.post(token, "/apps/" + app.getClientId() + "/invitations",
				Map.of("email", TestFixtures.unique("adm") + "@example.com", "role", "admin"))
			.isProblem(403, "forbidden");

		this.provider.fixtures().updateClient(app, (c) -> c.getPolicy().setAppAdminsAppointAdmins(true));
		assertThat(this.api.put(token, member(app, person), Map.of("role", "admin"), null).status()).isEqualTo(200);
		assertThat(role(app, person)).isEqualTo("ADMIN");
		assertThat(this.api.delete(token, member(app, person), null).status()).isEqualTo(204);
		assertThat(role(app, person)).isNull();
	}

	@Test
	void aPersonWithoutAnythingManagesNoMembers() {
		SsoClient app = app();
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.STAFF);
		String token = this.api.personalToken(this.api.commandLineTool(), person);
		this.api.get(token, "/apps/" + app.getClientId() + "/members").isProblem(403, "forbidden");
		this.api.put(token, member(app, person), Map.of("role", "admin"), null).isProblem(403, "forbidden");
		this.api.get(token, "/apps/" + app.getClientId() + "/invitations").isProblem(403, "forbidden");
		assertThat(role(app, person)).isEqualTo("STAFF");
	}

	@Test
	void anInvitationIsMailedListedSentAgainAndWithdrawn() {
		String token = staff();
		SsoClient app = app();
		String email = TestFixtures.unique("invited") + "@example.com";
		String invitations = "/apps/" + app.getClientId() + "/invitations";
		AdminApiCalls.Response sent = this.api.post(token, invitations,
				Map.of("email", email, "role", "staff", "language", "ar"));
		assertThat(sent.status()).as(sent.body()).isEqualTo(201);
		long id = sent.json().get("id").asLong();
		assertThat(sent.header("Location")).hasValue(this.provider.origin() + "/api/admin/v1" + invitations + "/" + id);
		assertThat(sent.json().get("state").asString()).isEqualTo("pending");
		assertThat(sent.json().get("role").asString()).isEqualTo("staff");
		assertThat(sent.json().get("mail").asString()).isEqualTo("sent");
		assertThat(sent.json().get("invitedBy").isNull()).isTrue();
		assertThat(sent.json().has("link")).isFalse();
		MimeMessage first = TestMail.await(email, 1);
		String firstLink = TestMail.find(first, "(http\\S+/accounts/invitation/\\S+)");

		AdminApiCalls.Response listed = this.api.get(token, invitations + "?limit=50");
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		assertThat(listed.json().get("items")).hasSize(1);
		assertThat(listed.json().get("items").get(0).get("email").asString()).isEqualTo(email);
		assertThat(this.api.get(token, invitations + "/" + id).json().get("language").asString()).isEqualTo("ar");

		AdminApiCalls.Response resent = this.api.post(token, invitations + "/" + id + "/resend", null);
		assertThat(resent.status()).as(resent.body()).isEqualTo(200);
		MimeMessage second = TestMail.await(email, 2);
		assertThat(TestMail.find(second, "(http\\S+/accounts/invitation/\\S+)")).isNotEqualTo(firstLink);

		assertThat(this.api.delete(token, invitations + "/" + id, null).status()).isEqualTo(204);
		assertThat(this.api.get(token, invitations + "/" + id).json().get("state").asString()).isEqualTo("revoked");
		assertThat(this.api.delete(token, invitations + "/" + id, null).status()).isEqualTo(204);
		this.api.post(token, invitations + "/" + id + "/resend", null).isProblem(409, "conflict");
		assertThat(TestMail.to(email)).hasSize(2);

		this.api.get(token, invitations + "/999999999").isProblem(404, "not-found");
		this.api.get(token, "/apps/" + app().getClientId() + "/invitations/" + id).isProblem(404, "not-found");
		this.api.delete(token, invitations + "/999999999", null).isProblem(404, "not-found");
		this.api.post(token, invitations, Map.of("email", "not-an-address", "role", "staff"))
			.isProblem(400, "invalid-request");
		this.api.post(token, invitations, Map.of("email", email, "role", "staff", "language", "xx"))
			.isProblem(400, "invalid-request");
		assertThat(this.api.get(token, invitations + "?limit=50").json().get("items")).hasSize(1);
		String viewer = this.api.serviceAccount(null, Permission.CLIENTS_VIEW).token();
		assertThat(this.api.get(viewer, invitations).status()).isEqualTo(200);
		this.api.post(viewer, invitations, Map.of("email", email, "role", "user")).isProblem(403, "forbidden");
		assertThat(TestMail.to(email)).hasSize(2);
	}

	@Test
	void anAppsAdminInvitesWithTheRolesItMayGive() {
		SsoClient app = app();
		SsoUser admin = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, admin, MembershipRole.ADMIN);
		String token = this.api.personalToken(this.api.commandLineTool(), admin);
		String email = TestFixtures.unique("asked") + "@example.com";
		AdminApiCalls.Response sent = this.api.post(token, "/apps/" + app.getClientId() + "/invitations",
				Map.of("email", email, "role", "user"));
		assertThat(sent.status()).as(sent.body()).isEqualTo(201);
		assertThat(sent.json().get("invitedBy").asString()).isEqualTo(admin.getUuid());
		assertThat(TestMail.text(TestMail.await(email, 1))).contains(admin.getDisplayName());
	}

}
