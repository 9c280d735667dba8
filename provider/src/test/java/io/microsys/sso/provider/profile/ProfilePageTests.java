package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
