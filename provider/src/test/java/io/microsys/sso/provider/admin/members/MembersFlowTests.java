package io.microsys.sso.provider.admin.members;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.LogoutReceiver;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's members page over real HTTP with a real provider: a person signed into the app through
 * the code flow is removed (or lowered) by staff, and at once their refresh token fails and the
 * app receives a back-channel logout token for them; a pasted list is reported line by line; an
 * app's own admin manages its members within their limits and opens nothing else; bad input is a
 * readable 400 that changes nothing.
 */
@ProviderIntegrationTest
class MembersFlowTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	LogoutReceiver receiver;

	SsoClient client;

	RelyingParty app;

	SsoUser person;

	MembersFlowTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = new LogoutReceiver();
		this.client = this.provider.fixtures().confidentialClient((c) -> c.setBackchannelLogoutUri(this.receiver.uri()));
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		this.person = this.provider.fixtures().user();
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	private SsoUser staff(Permission... permissions) {
		SsoUser staff = this.provider.fixtures().user((u) -> u.setStaff(true));
		for (Permission permission : permissions) {
			this.jdbc.update("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (?, ?, ?)",
					staff.getId(), permission.code(), Timestamp.from(Instant.now()));
		}
		return staff;
	}

	private Browser clientsStaff() {
		return Pages.signedIn(this.provider.origin(), staff(Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE));
	}

	private Browser appAdmin(SsoClient client) {
		SsoUser admin = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, admin, MembershipRole.ADMIN);
		return Pages.signedIn(this.provider.origin(), admin);
	}

	private String membersUrl(SsoClient client) {
		return this.provider.origin() + "/sys/clients/" + client.getClientId() + "/members";
	}

	private HttpResponse<String> membersPage(Browser browser) {
		HttpResponse<String> page = browser.get(membersUrl(this.client));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	private RelyingParty.Json signIntoApp() {
		RelyingParty.Request request = this.app.request().with("scope", "openid offline_access");
		String code = this.app.code(new Browser(), request, this.person.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = this.app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	private String personRow(String selector) {
		return "tr.member[data-username=" + this.person.getUsername() + "] " + selector;
	}

	private List<Map<String, Object>> membership(SsoUser user) {
		return this.jdbc.queryForList("SELECT role, active FROM sso_membership WHERE user_id = ? AND client_id = ?",
				user.getId(), this.client.getId());
	}

	private void assertSignedOutOfTheApp(RelyingParty.Json tokens) throws Exception {
		assertThat(this.app.refresh(tokens.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
		String logoutToken = this.receiver.next(WAIT);
		assertThat(logoutToken).as("back-channel logout token").isNotNull();
		JWTClaimsSet claims = this.app.verify(logoutToken);
		assertThat(claims.getSubject()).isEqualTo(this.person.getUuid());
		assertThat(claims.getAudience()).containsExactly(this.client.getClientId());
		assertThat(claims.getStringClaim("sid")).isEqualTo(this.app.verify(tokens.string("id_token")).getStringClaim("sid"));
	}

	@Test
	void removeWhenSignedIntoTheAppThenRefreshFailsAndBackchannelLogoutArrives() throws Exception {
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.USER);
		RelyingParty.Json tokens = signIntoApp();
		Browser staff = clientsStaff();

		HttpResponse<String> done = staff.followWithin(
				staff.submitForm(membersPage(staff), personRow("form.remove-form"), Map.of()), this.provider.origin());

		assertThat(done.body()).contains("They were removed from the app");
		assertThat(membership(this.person)).isEmpty();
		assertSignedOutOfTheApp(tokens);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MEMBERSHIP_REMOVED' "
				+ "AND user_uuid = ? AND client_id = ? AND actor_uuid IS NOT NULL", Long.class, this.person.getUuid(),
				this.client.getClientId())).isEqualTo(1);
	}

	@Test
	void roleWhenLoweredThenRefreshFailsAndBackchannelLogoutArrives() throws Exception {
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.STAFF);
		RelyingParty.Json tokens = signIntoApp();
		Browser staff = clientsStaff();

		staff.followWithin(staff.submitForm(membersPage(staff), personRow("form.role-form"), Map.of("role", "USER")),
				this.provider.origin());

		assertThat(membership(this.person).get(0).get("role")).isEqualTo("USER");
		assertSignedOutOfTheApp(tokens);
	}

	@Test
	void personAppsWhenRemovedThereThenTheSameBackchannelLogout() throws Exception {
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.USER);
		RelyingParty.Json tokens = signIntoApp();
		Browser staff = Pages.signedIn(this.provider.origin(), staff(Permission.USERS_VIEW, Permission.USERS_CHANGE));
		HttpResponse<String> apps = staff.get(this.provider.origin() + "/sys/users/" + this.person.getUuid() + "/apps");

		staff.submitForm(apps, "form.remove-form", Map.of());

		assertSignedOutOfTheApp(tokens);
	}

	@Test
	void bulkWhenPastedThenEachLineReported() {
		SsoUser fresh = this.provider.fixtures().user();
		SsoUser member = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, member, MembershipRole.USER);
		SsoUser gone = this.provider.fixtures().user((u) -> u.setStatus(UserStatus.DEACTIVATED));
		Browser staff = clientsStaff();
		String lines = String.join("\n", fresh.getUsername(), "", member.getEmail(), "nobody-" + fresh.getUsername(),
				"not a name", gone.getUsername(), this.person.getEmail().toUpperCase());

		HttpResponse<String> report = staff.submitForm(membersPage(staff), "form#bulk-form",
				Map.of("lines", lines, "role", "STAFF"));

		assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
		Document page = Jsoup.parse(report.body());
		assertThat(page.select("tr.line").eachAttr("data-outcome")).containsExactly("added", "already-member",
				"no-account", "invalid", "no-account", "added");
		assertThat(page.select("tr.line td:first-child").eachText()).containsExactly("1", "3", "4", "5", "6", "7");
		assertThat(page.selectFirst("#added-count").text()).isEqualTo("2 of 6 lines added.");
		assertThat(membership(fresh).get(0).get("role")).isEqualTo("STAFF");
		assertThat(membership(this.person).get(0).get("role")).isEqualTo("STAFF");
		assertThat(membership(member).get(0).get("role")).isEqualTo("USER");
		assertThat(membership(gone)).isEmpty();
	}

	@Test
	void bulkWhenAppAdminGivesAdminWithoutThePolicyThenEveryLineNotAllowed() {
		Browser admin = appAdmin(this.client);
		SsoUser fresh = this.provider.fixtures().user();

		HttpResponse<String> report = admin.post(membersUrl(this.client) + "/bulk",
				Map.of("_csrf", Browser.csrfToken(membersPage(admin)), "lines", fresh.getUsername() + "\nnot a name",
						"role", "ADMIN"));

		assertThat(Jsoup.parse(report.body()).select("tr.line").eachAttr("data-outcome")).containsExactly("not-allowed",
				"invalid");
		assertThat(membership(fresh)).isEmpty();
	}

	@Test
	void appAdminWhenManagingTheirAppThenWithinTheirLimitsOnly() {
		SsoUser adminUser = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, adminUser, MembershipRole.ADMIN);
		Browser admin = Pages.signedIn(this.provider.origin(), adminUser);

		HttpResponse<String> page = membersPage(admin);
		assertThat(Jsoup.parse(page.body()).select("#add-role option").eachAttr("value")).containsExactly("STAFF", "USER");
		assertThat(Jsoup.parse(page.body()).select("#sections")).isEmpty();
		HttpResponse<String> added = admin.followWithin(admin.submitForm(page, "form#add-form",
				Map.of("who", this.person.getUsername(), "role", "STAFF")), this.provider.origin());
		assertThat(added.body()).contains("They were added to the app.");
		assertThat(membership(this.person).get(0).get("role")).isEqualTo("STAFF");

		HttpResponse<String> toAdmin = admin.post(membersUrl(this.client) + "/" + this.person.getUuid() + "/role",
				Map.of("_csrf", Browser.csrfToken(page), "role", "ADMIN"));
		assertThat(toAdmin.statusCode()).isEqualTo(403);
		HttpResponse<String> own = admin.post(membersUrl(this.client) + "/" + adminUser.getUuid() + "/remove",
				Map.of("_csrf", Browser.csrfToken(page)));
		assertThat(own.statusCode()).isEqualTo(403);
		assertThat(membership(this.person).get(0).get("role")).isEqualTo("STAFF");
		assertThat(membership(adminUser)).hasSize(1);

		this.provider.fixtures().updateClient(this.client, (c) -> c.getPolicy().setAppAdminsAppointAdmins(true));
		admin.post(membersUrl(this.client) + "/" + this.person.getUuid() + "/role",
				Map.of("_csrf", Browser.csrfToken(page), "role", "ADMIN"));
		assertThat(membership(this.person).get(0).get("role")).isEqualTo("ADMIN");

		SsoClient other = this.provider.fixtures().confidentialClient((c) -> {
		});
		for (String path : List.of("/sys", "/sys/users", "/sys/invitations", "/sys/settings", "/sys/logs",
				"/sys/clients/" + other.getClientId() + "/members", "/sys/clients/" + other.getClientId() + "/invitations")) {
			assertThat(admin.get(this.provider.origin() + path).statusCode()).as(path).isEqualTo(403);
		}
		assertThat(admin.get(this.provider.origin() + "/sys/clients/" + this.client.getClientId() + "/invitations")
			.statusCode()).isEqualTo(200);
		HttpResponse<String> home = admin.get(this.provider.origin() + "/");
		assertThat(Jsoup.parse(home.body()).select("a.manage-members").eachAttr("href"))
			.containsExactly("/sys/clients/" + this.client.getClientId() + "/members");
	}

	@Test
	void appAdminWhenResendingAnAdminInvitationThenOnlyIfTheyMayAppointAdmins() {
		SsoUser adminUser = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, adminUser, MembershipRole.ADMIN);
		Browser admin = Pages.signedIn(this.provider.origin(), adminUser);
		long adminInvitation = invitation("ADMIN");
		long userInvitation = invitation("USER");
		String csrf = Browser.csrfToken(admin.get(this.provider.origin() + "/sys/clients/" + this.client.getClientId()
				+ "/invitations"));
		String url = this.provider.origin() + "/sys/clients/" + this.client.getClientId() + "/invitations/";

		String adminBefore = tokenHash(adminInvitation);
		String userBefore = tokenHash(userInvitation);

		assertThat(admin.post(url + adminInvitation + "/resend", Map.of("_csrf", csrf)).statusCode()).isEqualTo(403);
		assertThat(tokenHash(adminInvitation)).as("not sent again").isEqualTo(adminBefore);
		assertThat(admin.post(url + userInvitation + "/resend", Map.of("_csrf", csrf)).statusCode()).isEqualTo(302);
		assertThat(tokenHash(userInvitation)).as("sent again with a new link").isNotEqualTo(userBefore);
	}

	private long invitation(String role) {
		String hash = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32)
			.putLong(java.util.UUID.randomUUID().getMostSignificantBits())
			.putLong(java.util.UUID.randomUUID().getLeastSignificantBits())
			.array());
		this.jdbc.update("INSERT INTO sso_invitation (token_hash, client_id, email, email_key, role, language, invited_by, "
				+ "created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'en', ?, CURRENT_TIMESTAMP, ?)",
				hash, this.client.getId(), role.toLowerCase() + "@example.com",
				role.toLowerCase() + "@example.com", role, java.util.UUID.randomUUID().toString(),
				java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600)));
		return this.jdbc.queryForObject("SELECT id FROM sso_invitation WHERE token_hash = ?", Long.class, hash);
	}

	private String tokenHash(long invitation) {
		return this.jdbc.queryForObject("SELECT token_hash FROM sso_invitation WHERE id = ?", String.class, invitation);
	}

	@Test
	void appAdminWhenDemotedThenThePageIsGoneAtOnce() {
		SsoUser adminUser = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, adminUser, MembershipRole.ADMIN);
		Browser admin = Pages.signedIn(this.provider.origin(), adminUser);
		membersPage(admin);

		this.jdbc.update("UPDATE sso_membership SET role = 'USER' WHERE user_id = ?", adminUser.getId());

		assertThat(admin.get(membersUrl(this.client)).statusCode()).isEqualTo(403);
	}

	@Test
	void listWhenSearchedThenMatchesByNameOrEmailAndAppAdminsNeverSeeSuperusers() {
		SsoUser named = this.provider.fixtures().user((u) -> u.setFirstName("Zenobia" + u.getUsername()));
		SsoUser superuser = this.provider.fixtures().user((u) -> u.setSuperuser(true));
		this.provider.fixtures().membership(this.client, named, MembershipRole.USER);
		this.provider.fixtures().membership(this.client, superuser, MembershipRole.USER);
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.STAFF);
		Browser staff = clientsStaff();

		Document byName = Jsoup.parse(staff.get(membersUrl(this.client) + "?q=zenobia").body());
		assertThat(byName.select("tr.member").eachAttr("data-username")).containsExactly(named.getUsername());
		Document byEmail = Jsoup.parse(staff.get(membersUrl(this.client) + "?q=" + this.person.getEmail()).body());
		assertThat(byEmail.select("tr.member").eachAttr("data-username")).containsExactly(this.person.getUsername());
		Document wild = Jsoup.parse(staff.get(membersUrl(this.client) + "?q=%25").body());
		assertThat(wild.select("tr.member")).isEmpty();

		Browser admin = appAdmin(this.client);
		Document all = Jsoup.parse(membersPage(admin).body());
		assertThat(all.select("tr.member").eachAttr("data-username")).contains(named.getUsername(),
				this.person.getUsername()).doesNotContain(superuser.getUsername());
		assertThat(admin.post(membersUrl(this.client) + "/" + superuser.getUuid() + "/remove",
				Map.of("_csrf", Browser.csrfToken(membersPage(admin)))).statusCode()).isEqualTo(404);
		HttpResponse<String> addSuperuser = admin.post(membersUrl(this.client),
				Map.of("_csrf", Browser.csrfToken(membersPage(admin)), "who", superuser.getUsername(), "role", "USER"));
		assertThat(addSuperuser.statusCode()).isEqualTo(400);
		assertThat(addSuperuser.body()).contains("There is no active account with that username or email address.");
		assertThat(membership(superuser)).hasSize(1);
	}

	@Test
	void formsWhenBadInputThenReadable400AndNothingChanged() {
		Browser staff = clientsStaff();
		String csrf = Browser.csrfToken(membersPage(staff));
		String url = membersUrl(this.client);
		String many = IntStream.range(0, 501).mapToObj((i) -> "user" + i).collect(Collectors.joining("\n"));
		List<Map<String, String>> adds = List.of(Map.of("_csrf", csrf, "who", "", "role", "USER"),
				Map.of("_csrf", csrf, "who", this.person.getUsername(), "role", "OWNER"),
				Map.of("_csrf", csrf, "who", "x".repeat(300), "role", "USER"),
				Map.of("_csrf", csrf, "who", "no-such-" + this.person.getUsername(), "role", "USER"));
		for (Map<String, String> form : adds) {
			HttpResponse<String> answer = staff.post(url, form);
			assertThat(answer.statusCode()).as(form.toString()).isEqualTo(400);
			assertThat(Jsoup.parse(answer.body()).select(".field-error")).as(form.toString()).isNotEmpty();
		}
		HttpResponse<String> tooMany = staff.post(url + "/bulk", Map.of("_csrf", csrf, "lines", many, "role", "USER"));
		assertThat(tooMany.statusCode()).isEqualTo(400);
		assertThat(tooMany.body()).contains("At most 500 lines at once.");
		assertThat(staff.post(url + "/bulk", Map.of("_csrf", csrf, "lines", " ", "role", "USER")).statusCode())
			.isEqualTo(400);
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.USER);
		HttpResponse<String> badRole = staff.post(url + "/" + this.person.getUuid() + "/role",
				Map.of("_csrf", csrf, "role", "root"));
		assertThat(badRole.statusCode()).isEqualTo(400);
		assertThat(badRole.body()).contains("That change could not be made");
		assertThat(staff.get(url + "?page=x").statusCode()).isEqualTo(400);
		HttpResponse<String> badInvite = staff.post(this.provider.origin() + "/sys/clients/" + this.client.getClientId()
				+ "/invitations", Map.of("_csrf", csrf, "email", "not-an-address", "role", "USER"));
		assertThat(badInvite.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(badInvite.body()).select(".field-error").text()).contains("valid email");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_membership WHERE client_id = ?", Long.class,
				this.client.getId())).isEqualTo(1);
		assertThat(membership(this.person).get(0).get("role")).isEqualTo("USER");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE client_id = ?", Long.class,
				this.client.getId())).isZero();
	}

}
