package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changing the email address over real HTTP: the current password first, then the link mailed to
 * the new address, confirmed once with a button; the old address is told.
 */
@ProviderIntegrationTest
class EmailChangeTests {

	final Provider provider;

	@Autowired
	UserRepository users;

	EmailChangeTests(Provider provider) {
		this.provider = provider;
	}

	private Browser signedIn(SsoUser user) {
		return Pages.signedIn(this.provider.origin(), user);
	}

	private HttpResponse<String> ask(Browser browser, String newEmail, String password) {
		HttpResponse<String> profile = browser.get(this.provider.origin() + "/accounts/profile");
		return browser.followWithin(browser.submitForm(profile, "form#change-email",
				Map.of("newEmail", newEmail, "currentPassword", password)), this.provider.origin());
	}

	@Test
	void changeWhenLinkFromNewAddressConfirmedThenAddressChangedAndOldOneTold() {
		SsoUser user = this.provider.fixtures().user();
		String newEmail = TestFixtures.unique("new") + "@example.org";
		Browser browser = signedIn(user);

		HttpResponse<String> wrong = ask(browser, newEmail, "not-my-password");
		assertThat(wrong.body()).contains("The current password is not correct");
		HttpResponse<String> sent = ask(browser, newEmail, TestFixtures.PASSWORD);
		assertThat(sent.body()).contains("We sent a link to the new address");
		assertThat(this.users.findById(user.getId()).orElseThrow().getEmail()).isEqualTo(user.getEmail());

		MimeMessage message = TestMail.await(newEmail, 1);
		assertThat(TestMail.subject(message)).isEqualTo("Confirm your new email address");
		String link = TestMail.find(message, "(http://\\S+/accounts/email/confirm/[A-Za-z0-9_-]{43})");
		// Opening the link alone changes nothing (mail scanners open links).
		Browser other = new Browser();
		HttpResponse<String> page = other.get(link);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(newEmail);
		assertThat(this.users.findById(user.getId()).orElseThrow().getEmail()).isEqualTo(user.getEmail());

		HttpResponse<String> done = other.submitForm(page, Map.of());
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(done.body()).contains("Email address changed");
		SsoUser changed = this.users.findById(user.getId()).orElseThrow();
		assertThat(changed.getEmail()).isEqualTo(newEmail);
		assertThat(changed.isEmailVerified()).isTrue();
		assertThat(TestMail.subject(TestMail.await(user.getEmail(), 1))).isEqualTo("Your email address was changed");
		assertThat(other.get(link).statusCode()).isEqualTo(404);
	}

	@Test
	void changeWhenNewAddressBelongsToSomeoneElseThenSameAnswerButConfirmationFails() {
		SsoUser user = this.provider.fixtures().user();
		SsoUser owner = this.provider.fixtures().user();
		Browser browser = signedIn(user);
		HttpResponse<String> sent = ask(browser, owner.getEmail(), TestFixtures.PASSWORD);
		assertThat(sent.body()).contains("We sent a link to the new address");
		MimeMessage message = TestMail.await(owner.getEmail(), 1);
		String link = TestMail.find(message, "(http://\\S+/accounts/email/confirm/[A-Za-z0-9_-]{43})");
		Browser mailbox = new Browser();
		HttpResponse<String> refused = mailbox.submitForm(mailbox.get(link), Map.of());
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(this.users.findById(user.getId()).orElseThrow().getEmail()).isEqualTo(user.getEmail());
	}

	@Test
	void changeWhenAddressMalformedThenMessageAndNoMail() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = signedIn(user);
		HttpResponse<String> invalid = ask(browser, "not an address", TestFixtures.PASSWORD);
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("Enter a valid email address");
		org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(invalid.body());
		assertThat(page.getElementById("new-email").nextElementSibling().id()).isEqualTo("newEmail-error");
		assertThat(page.getElementById("new-email").attr("aria-describedby")).isEqualTo("newEmail-error");
		assertThat(page.getElementById("new-email").val()).isEqualTo("not an address");
		assertThat(page.getElementById("email-password").val()).isEmpty();
		HttpResponse<String> same = ask(browser, user.getEmail().toUpperCase(), TestFixtures.PASSWORD);
		assertThat(same.body()).contains("That is already your email address");
	}

}
