package io.microsys.sso.provider.admin.users;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's memberships changed on the "apps" tab over real HTTP: recorded before → after, and
 * taking access away (removal, deactivation, a lower role) revokes the person's grants at that app
 * at once, while adding or raising leaves them.
 */
@ProviderIntegrationTest
class PersonAppsFlowTests {

	final Provider provider;

	final ConsoleStaff console;

	@Autowired
	JdbcTemplate jdbc;

	SsoClient client;

	RelyingParty app;

	SsoUser person;

	Browser staff;

	PersonAppsFlowTests(Provider provider) {
		this.provider = provider;
		this.console = new ConsoleStaff(provider);
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.app = new RelyingParty(this.provider.issuer(), this.client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		this.person = this.console.person(null);
		this.staff = Pages.signedIn(this.provider.origin(),
				this.console.staff(null, Permission.USERS_VIEW, Permission.USERS_CHANGE));
	}

	private RelyingParty.Json tokens() {
		RelyingParty.Request request = this.app.request().with("scope", "openid offline_access");
		String code = this.app.code(new Browser(), request, this.person.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = this.app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return tokens;
	}

	private HttpResponse<String> appsPage() {
		HttpResponse<String> page = this.staff.get(this.provider.origin() + "/sys/users/" + this.person.getUuid() + "/apps");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	private HttpResponse<String> change(String form, Map<String, String> values) {
		return this.staff.followWithin(this.staff.submitForm(appsPage(), form, values), this.provider.origin());
	}

	private boolean works(RelyingParty.Json tokens) {
		return Boolean.TRUE.equals(this.app.introspect(tokens.string("access_token")).body().get("active"));
	}

	private List<Map<String, Object>> membership() {
		return this.jdbc.queryForList("SELECT role, active FROM sso_membership WHERE user_id = ? AND client_id = ?",
				this.person.getId(), this.client.getId());
	}

	@Test
	void removeWhenMemberThenTokensOfThatAppStopWorking() {
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.USER);
		RelyingParty.Json tokens = tokens();
		assertThat(works(tokens)).isTrue();

		HttpResponse<String> done = change("form.remove-form", Map.of());

		assertThat(done.body()).contains("They were removed from the app");
		assertThat(membership()).isEmpty();
		assertThat(works(tokens)).isFalse();
		assertThat(this.app.refresh(tokens.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
		assertThat(this.jdbc.queryForObject("SELECT changes FROM sso_audit_event WHERE event_type = 'MEMBERSHIP_REMOVED' "
				+ "AND user_uuid = ? AND client_id = ?", String.class, this.person.getUuid(), this.client.getClientId()))
			.contains("\"role\"").contains("user");
	}

	@Test
	void roleWhenLoweredThenTokensRevokedAndWhenRaisedThenKept() {
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.STAFF);
		RelyingParty.Json first = tokens();

		change("form.role-form", Map.of("role", "ADMIN"));
		assertThat(membership().get(0).get("role")).isEqualTo("ADMIN");
		assertThat(works(first)).isTrue();

		change("form.role-form", Map.of("role", "USER"));
		assertThat(membership().get(0).get("role")).isEqualTo("USER");
		assertThat(works(first)).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MEMBERSHIP_CHANGED' "
				+ "AND user_uuid = ? AND actor_uuid IS NOT NULL", Long.class, this.person.getUuid())).isEqualTo(2);
	}

	@Test
	void deactivateWhenActiveThenTokensRevokedAndActivateAgainLetsThemBackIn() {
		this.provider.fixtures().membership(this.client, this.person, MembershipRole.USER);
		RelyingParty.Json tokens = tokens();

		HttpResponse<String> done = change("form.state-form", Map.of());
		assertThat(done.body()).contains("The membership was deactivated");
		assertThat(works(tokens)).isFalse();

		change("form.state-form", Map.of());
		assertThat(membership().get(0).get("active")).isIn(true, 1, (byte) 1);
		assertThat(works(tokens())).isTrue();
	}

	@Test
	void addWhenNotAMemberThenMemberWithTheRoleAndSignsIn() {
		HttpResponse<String> page = appsPage();
		assertThat(Jsoup.parse(page.body()).select("#add-app option[value=" + this.client.getClientId() + "]")).hasSize(1);

		HttpResponse<String> done = change("form#add-form", Map.of("app", this.client.getClientId(), "role", "STAFF"));

		assertThat(done.body()).contains("They were added to the app.");
		assertThat(membership()).hasSize(1);
		assertThat(membership().get(0).get("role")).isEqualTo("STAFF");
		assertThat(tokens().status()).isEqualTo(200);

		HttpResponse<String> again = this.staff.followWithin(this.staff.post(
				this.provider.origin() + "/sys/users/" + this.person.getUuid() + "/apps/add",
				Map.of("_csrf", Browser.csrfToken(page), "app", this.client.getClientId(), "role", "USER")),
				this.provider.origin());
		assertThat(again.body()).contains("They are in that app already.");
		assertThat(membership().get(0).get("role")).isEqualTo("STAFF");
	}

}
