package io.microsys.sso.provider.admin.users;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static io.microsys.sso.provider.support.TestFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's email in the console, over real HTTP on the real database: a person without one is
 * changed without having to add one; emptying the field removes the address (no longer verified),
 * unless something needs it (they have yet to confirm it, or it receives their two-step codes:
 * refused beside the field, nothing changed); another account's address is refused beside the
 * field with nothing changed; a new person needs an address only to be emailed a link.
 */
@ProviderIntegrationTest
class PersonEmailTests {

	private static final String NEW_PASSWORD = "Juniper-lighthouse-9-anchor";

	private final Provider provider;

	private final ConsoleStaff staff;

	private final UserRepository users;

	private final JdbcTemplate jdbc;

	PersonEmailTests(Provider provider) {
		this.provider = provider;
		this.staff = new ConsoleStaff(provider);
		this.users = provider.context().getBean(UserRepository.class);
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	private Browser editor() {
		SsoUser editor = this.staff.staff(null, Permission.USERS_VIEW, Permission.USERS_CHANGE, Permission.USERS_ADD);
		return Pages.signedIn(this.provider.origin(), editor);
	}

	private SsoUser reload(SsoUser user) {
		return this.users.findById(user.getId()).orElseThrow();
	}

	private static HttpResponse<String> edit(Browser browser, HttpResponse<String> page, Map<String, String> values) {
		Map<String, String> all = new HashMap<>(values);
		all.putIfAbsent("language", "en");
		return browser.submitForm(page, "form#edit", all);
	}

	@Test
	void editWhenThePersonHasNoEmailThenSavedWithoutOne() {
		SsoUser person = this.provider.fixtures().user((u) -> {
			u.setEmail(null);
			u.setEmailVerified(false);
		});
		Browser browser = editor();
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));
		assertThat(Jsoup.parse(page.body()).selectFirst("form#edit input[name=email]").val()).isEmpty();

		HttpResponse<String> saved = edit(browser, page, Map.of("firstName", "Noaddress"));

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		SsoUser after = reload(person);
		assertThat(after.getFirstName()).isEqualTo("Noaddress");
		assertThat(after.getEmail()).isNull();
	}

	@Test
	void editWhenTheEmailIsEmptiedThenTheAddressIsRemovedAndRecorded() {
		SsoUser person = this.provider.fixtures().user();
		String before = person.getEmail();
		Browser browser = editor();
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));

		HttpResponse<String> saved = edit(browser, page, Map.of("email", "  "));

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		SsoUser after = reload(person);
		assertThat(after.getEmail()).isNull();
		assertThat(after.isEmailVerified()).isFalse();
		assertThat(this.users.findByEmail(before)).isEmpty();
		String changes = this.jdbc.queryForObject(
				"SELECT changes FROM sso_audit_event WHERE event_type = 'PERSON_CHANGED' AND user_uuid = ?",
				String.class, person.getUuid());
		assertThat(changes).contains("\"field\":\"email\"").contains(before);
	}

	@Test
	void editWhenTheEmailIsEmptiedButTwoStepCodesGoThereThenRefusedBesideTheField() {
		SsoUser person = this.provider.fixtures().user();
		this.jdbc.update("INSERT INTO sso_email_factor (user_id, created_at) VALUES (?, ?)", person.getId(),
				Timestamp.from(Instant.now()));
		Browser browser = editor();
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));

		HttpResponse<String> refused = edit(browser, page, Map.of("email", "", "firstName", "Unchanged"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"email-error\"")
			.contains("Their two-step codes are sent to this address");
		SsoUser after = reload(person);
		assertThat(after.getEmail()).isEqualTo(person.getEmail());
		assertThat(after.getFirstName()).isEqualTo(person.getFirstName());
	}

	@Test
	void editWhenTheEmailIsEmptiedBeforeTheyConfirmedItThenRefusedBesideTheField() {
		SsoUser person = this.provider.fixtures().user((u) -> {
			u.setStatus(UserStatus.UNVERIFIED);
			u.setEmailVerified(false);
		});
		Browser browser = editor();
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));

		HttpResponse<String> refused = edit(browser, page, Map.of("email", ""));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"email-error\"").contains("They have not confirmed this address yet");
		assertThat(reload(person).getEmail()).isEqualTo(person.getEmail());
	}

	@Test
	void editWhenTheEmailIsAnotherAccountsThenFieldErrorAndNothingChanged() {
		SsoUser other = this.provider.fixtures().user();
		SsoUser person = this.provider.fixtures().user((u) -> u.setEmail(null));
		Browser browser = editor();
		HttpResponse<String> page = browser.get(url("/sys/users/" + person.getUuid()));

		HttpResponse<String> refused = edit(browser, page,
				Map.of("email", other.getEmail().toUpperCase(java.util.Locale.ROOT), "firstName", "Changed"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"email-error\"").contains("Another account has this email address.");
		SsoUser after = reload(person);
		assertThat(after.getEmail()).isNull();
		assertThat(after.getFirstName()).isEqualTo(person.getFirstName());
	}

	@Test
	void createWhenNoEmailThenOnlyWithAPasswordSetNow() {
		Browser browser = editor();
		String username = unique("nomail");
		Map<String, String> values = new HashMap<>();
		values.put("username", username);
		values.put("email", "");
		values.put("language", "en");
		values.put("passwordChoice", "link");

		HttpResponse<String> refused = browser.submitForm(browser.get(url("/sys/users/new")), "form#new-person",
				values);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"email-error\"").contains("Enter an email address to send the link to");
		assertThat(this.users.findByUsername(username)).isEmpty();

		values.put("passwordChoice", "set");
		values.put("password", NEW_PASSWORD);
		values.put("passwordConfirm", NEW_PASSWORD);
		HttpResponse<String> created = browser.submitForm(browser.get(url("/sys/users/new")), "form#new-person",
				values);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		SsoUser person = this.users.findByUsername(username).orElseThrow();
		assertThat(person.getEmail()).isNull();
		assertThat(person.isEmailVerified()).isFalse();
	}

}
