package io.microsys.sso.provider.web;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person's side over real HTTP: the sign-in page names the app that sent the person there and
 * shows the logo and colour set on {@code /sys/settings} (validated, audited, allowed by the
 * security policy); the top bar offers the console only to staff.
 */
@ProviderIntegrationTest
class BrandingAndTopBarTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RuntimeSettings settings;

	BrandingAndTopBarTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void noBranding() {
		this.settings.setBranding(new RuntimeSettings.Branding(null, null), null);
	}

	private SsoUser staff(Permission... permissions) {
		SsoUser staff = this.provider.fixtures().user((u) -> u.setStaff(true));
		for (Permission permission : permissions) {
			this.jdbc.update("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (?, ?, ?)",
					staff.getId(), permission.code(), Timestamp.from(Instant.now()));
		}
		return staff;
	}

	@Test
	void loginWhenStartedByAKnownAppThenNamesItAndOtherwisePlainTitle() {
		SsoClient wiki = this.provider.fixtures().confidentialClient((c) -> c.setName("Team Wiki"));
		RelyingParty app = new RelyingParty(this.provider.issuer(), wiki.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		Browser browser = new Browser();

		HttpResponse<String> login = browser.followWithin(browser.get(app.request().url()), this.provider.origin());

		assertThat(login.uri().getPath()).isEqualTo("/accounts/login");
		assertThat(login.body()).contains("<h1 id=\"login-title\">Sign in to Team Wiki</h1>")
			.contains("<title>Sign in to Team Wiki · Microsys SSO</title>")
			.doesNotContain("id=\"topbar-account\"");
		HttpResponse<String> arabic = browser.get(this.provider.origin() + "/accounts/login?lang=ar");
		assertThat(arabic.body()).contains("تسجيل الدخول إلى Team Wiki");

		Browser stranger = new Browser();
		stranger.get(this.provider.issuer() + "/authorize?response_type=code&client_id=no-such-app&scope=openid");
		HttpResponse<String> plain = stranger.get(this.provider.origin() + "/accounts/login");
		assertThat(plain.body()).contains("<h1 id=\"login-title\">Sign in</h1>");
	}

	@Test
	void brandingWhenSavedThenServedShownAllowedAndAudited() {
		SsoUser designer = staff(Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE);
		Browser browser = Pages.signedIn(this.provider.origin(), designer);
		HttpResponse<String> page = browser.get(this.provider.origin() + "/sys/settings");
		assertThat(page.statusCode()).isEqualTo(200);

		HttpResponse<String> bad = browser.submitForm(page, "form#branding",
				Map.of("logoUrl", "javascript:alert(1)", "colour", "#12345g"));
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("id=\"colourValid-error\"").contains("id=\"logoUrlValid-error\"");
		assertThat(new Browser().get(this.provider.origin() + "/css/branding.css").body()).isEmpty();

		HttpResponse<String> saved = browser.followWithin(browser.submitForm(page, "form#branding",
				Map.of("logoUrl", "https://cdn.example.com/brand/logo.svg", "colour", "#A01B2C")),
				this.provider.origin());
		assertThat(saved.body()).contains("The sign-in page settings were saved.");

		HttpResponse<String> css = new Browser().get(this.provider.origin() + "/css/branding.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/css"));
		assertThat(css.body()).isEqualTo(":root { --accent: #a01b2c; }\n");
		HttpResponse<String> login = new Browser().get(this.provider.origin() + "/accounts/login");
		assertThat(login.body()).contains("src=\"https://cdn.example.com/brand/logo.svg\"")
			.contains("href=\"/css/branding.css\"");
		assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("img-src 'self' data: https://cdn.example.com;"));
		assertThat(this.jdbc.queryForObject("SELECT changes FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
				+ "AND actor_uuid = ? AND action = 'UPDATE' AND target_id = 'branding'", String.class, designer.getUuid()))
			.contains("#a01b2c")
			.contains("https://cdn.example.com/brand/logo.svg");
	}

	@Test
	void topBarWhenStaffThenAdministrationElseOnlyTheirAccount() {
		Browser staff = Pages.signedIn(this.provider.origin(), staff());
		HttpResponse<String> staffProfile = staff.get(this.provider.origin() + "/accounts/profile");
		assertThat(staffProfile.body()).contains("id=\"topbar-admin\"")
			.contains("id=\"topbar-account\"")
			.contains("id=\"topbar-signout\"");

		Browser person = Pages.signedIn(this.provider.origin(), this.provider.fixtures().user());
		HttpResponse<String> profile = person.get(this.provider.origin() + "/accounts/profile?lang=ar");
		assertThat(profile.body()).contains("id=\"topbar-account\"")
			.contains("id=\"topbar-signout\"")
			.doesNotContain("id=\"topbar-admin\"")
			.doesNotContain("href=\"/sys\"");
		HttpResponse<String> signOutPage = person.get(this.provider.origin() + "/accounts/logout");
		person.followWithin(person.submitForm(signOutPage, Map.of()), this.provider.origin());
		assertThat(person.get(this.provider.origin() + "/accounts/profile").statusCode()).isNotEqualTo(200);
	}

}
