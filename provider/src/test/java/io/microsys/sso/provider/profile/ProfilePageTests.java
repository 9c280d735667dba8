package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile is a long page of forms: what a form's refusal or success says is shown beside that
 * form, where the browser is scrolled to, not at the top of the page.
 */
@ProviderIntegrationTest
class ProfilePageTests {

	final Provider provider;

	@Autowired
	UserRepository users;

	ProfilePageTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
	}

	@Test
	void passwordChangeWhenCurrentPasswordWrongThenTheErrorIsBesideThePasswordForm() {
		Browser browser = Pages.signedIn(this.provider.origin(), this.provider.fixtures().user());
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		HttpResponse<String> refused = browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", "not-my-password", "newPassword", "a new passphrase 42",
						"newPasswordConfirm", "a new passphrase 42"));
		assertThat(Browser.location(refused)).endsWith("#password");
		Document page = Jsoup.parse(browser.followWithin(refused, this.provider.origin()).body());
		assertThat(page.select("#problem")).isEmpty();
		Element error = page.selectFirst("#password-problem");
		assertThat(error).isNotNull();
		assertThat(error.text()).isEqualTo("The current password is not correct.");
		assertThat(sectionOf(error)).isEqualTo("password");
	}

	@Test
	void emailChangeWhenCurrentPasswordWrongThenTheErrorIsBesideTheEmailForm() {
		Browser browser = Pages.signedIn(this.provider.origin(), this.provider.fixtures().user());
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		HttpResponse<String> refused = browser.followWithin(browser.submitForm(profile, "form#change-email",
				Map.of("newEmail", TestFixtures.unique("new") + "@example.org", "currentPassword", "wrong")),
				this.provider.origin());
		Document page = Jsoup.parse(refused.body());
		assertThat(page.select("#problem")).isEmpty();
		assertThat(sectionOf(page.selectFirst("#email-problem"))).isEqualTo("email");
		assertThat(page.select("#password-problem")).isEmpty();
	}

	@Test
	void passwordChangeWhenDoneThenTheMessageIsBesideThePasswordForm() {
		Browser browser = Pages.signedIn(this.provider.origin(), this.provider.fixtures().user());
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		Document page = Jsoup.parse(browser.followWithin(browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", TestFixtures.PASSWORD, "newPassword", "a new passphrase 42",
						"newPasswordConfirm", "a new passphrase 42")), this.provider.origin()).body());
		assertThat(sectionOf(page.selectFirst("#password-done"))).isEqualTo("password");
		assertThat(page.select("#done")).isEmpty();
	}

	@Test
	void passwordChangeWhenPasswordsDifferThen400AndTheErrorIsBesideTheRepeatedPassword() {
		SsoUser user = this.provider.fixtures().user();
		String hash = this.users.findById(user.getId()).orElseThrow().getPasswordHash();
		Browser browser = Pages.signedIn(this.provider.origin(), user);
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		HttpResponse<String> refused = browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", TestFixtures.PASSWORD, "newPassword", "a new passphrase 42",
						"newPasswordConfirm", "a new passphrase 43"));

		assertThat(refused.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(refused.body());
		Element confirm = page.getElementById("new-password-confirm");
		Element error = page.getElementById("newPasswordConfirm-error");
		assertThat(confirm.nextElementSibling()).isEqualTo(error);
		assertThat(confirm.attr("aria-describedby")).isEqualTo("newPasswordConfirm-error");
		assertThat(error.text()).isEqualTo("The two passwords are not the same.");
		assertThat(error.parent().id()).isEqualTo("change-password");
		assertThat(sectionOf(error.parent())).isEqualTo("password");
		assertThat(page.getElementById("newPassword-error")).isNull();
		assertThat(this.users.findById(user.getId()).orElseThrow().getPasswordHash()).isEqualTo(hash);
	}

	@Test
	void passwordChangeWhenTooShortThenTheErrorIsBesideTheNewPasswordInArabic() {
		Browser browser = Pages.signedIn(this.provider.origin(), this.provider.fixtures().user());
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile?lang=ar");
		HttpResponse<String> refused = browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", TestFixtures.PASSWORD, "newPassword", "short", "newPasswordConfirm", "short"));

		assertThat(refused.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(refused.body());
		assertThat(page.getElementById("new-password").nextElementSibling().id()).isEqualTo("newPassword-error");
		assertThat(page.getElementById("newPassword-error").text())
			.isEqualTo("يجب أن تتكون كلمة المرور من 8 أحرف على الأقل.");
	}

	/** The id of the section heading the element follows. */
	private static String sectionOf(Element element) {
		assertThat(element).isNotNull();
		Element sibling = element.previousElementSibling();
		while (sibling != null && !sibling.tagName().equals("h2")) {
			sibling = sibling.previousElementSibling();
		}
		assertThat(sibling).as("a section heading before the message").isNotNull();
		return sibling.id();
	}

}
