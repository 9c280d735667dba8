package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile over real HTTP: a person changes their name (validated, recorded before and after)
 * and sees their devices' addresses as people read them, with Western digits in Arabic.
 */
@ProviderIntegrationTest
class ProfileNameAndDevicesTests {

	final Provider provider;

	@Autowired
	UserRepository users;

	@Autowired
	JdbcTemplate jdbc;

	ProfileNameAndDevicesTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void changeNameWhenValidThenSavedAndAuditedElse400BesideTheField() {
		SsoUser person = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(this.provider.origin(), person);
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");

		HttpResponse<String> bad = browser.submitForm(profile, "form#change-name",
				Map.of("firstName", " ", "lastName", "x".repeat(151)));
		assertThat(bad.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(bad.body());
		assertThat(page.select("#firstName-error")).hasSize(1);
		assertThat(page.select("#lastName-error")).hasSize(1);
		assertThat(this.users.findById(person.getId()).orElseThrow().getFirstName()).isEqualTo("Test");

		HttpResponse<String> done = browser.followWithin(browser.submitForm(profile, "form#change-name",
				Map.of("firstName", " Layla ", "lastName", "Haddad")), this.provider.origin());
		assertThat(done.body()).contains("Your name was saved.").contains("Layla Haddad");
		SsoUser after = this.users.findById(person.getId()).orElseThrow();
		assertThat(after.getFirstName()).isEqualTo("Layla");
		assertThat(after.getLastName()).isEqualTo("Haddad");
		assertThat(this.jdbc.queryForObject("SELECT changes FROM sso_audit_event WHERE event_type = "
				+ "'PROFILE_NAME_CHANGED' AND user_uuid = ? AND action = 'UPDATE'", String.class, person.getUuid()))
			.contains("Test")
			.contains("Layla")
			.contains("Haddad");
	}

	@Test
	void profileWhenSignedInFromThisComputerThenReadableAddressAndWesternDigits() {
		SsoUser person = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(this.provider.origin(), person);

		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		assertThat(profile.body()).contains("This computer").doesNotContain("0:0:0:0:0:0:0:1");
		Document arabic = Jsoup.parse(browser.get(this.provider.origin() + "/accounts/profile?lang=ar").body());
		assertThat(arabic.select("#trusted-count").text()).contains("0").doesNotContainPattern("[\u0660-\u0669]");
		assertThat(arabic.body().text()).doesNotContainPattern("[\u0660-\u0669]");
	}

}
