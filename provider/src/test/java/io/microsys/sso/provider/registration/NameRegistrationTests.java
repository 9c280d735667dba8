package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.setup.FirstSuperuser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person, one name, where names are chosen: the sign-up form and the invitation form refuse a
 * username that only differs from a taken one by accents or case, one holding an invisible or
 * special space character, and one holding an {@code @} (it would look like, or be, someone's
 * address), each with a message that says why; so does the first superuser's username (setup
 * page, {@code MICROSYS_SSO_ADMIN_USERNAME}).
 */
@ProviderIntegrationTest
class NameRegistrationTests {

	static final String PASSWORD = "a-name-test-passphrase-29";

	private static final AtomicInteger addresses = new AtomicInteger();

	final Provider provider;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	UserRepository users;

	@Autowired
	Invitations invitations;

	@Autowired
	Actors actors;

	@Autowired
	FirstSuperuser firstSuperuser;

	SsoUser bob;

	NameRegistrationTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		String name = TestFixtures.unique("bob");
		this.bob = this.provider.fixtures().user((u) -> u.setUsername(name));
		this.settings.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	@AfterEach
	void closeRegistration() {
		this.settings.setRegistration(new RuntimeSettings.Registration(false, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	/** The refused usernames (look-alikes of bob's, an address, invisible characters) and why. */
	private Map<String, String> refused() {
		String tail = this.bob.getUsername().substring(3);
		return Map.of("bób" + tail, "This username is taken, or looks too much like one that is",
				("bób" + tail).toUpperCase(Locale.ROOT), "This username is taken, or looks too much like one that is",
				"b\u00f6b" + tail, "This username is taken, or looks too much like one that is",
				this.bob.getUsername() + "\u200b", "A username cannot contain invisible characters",
				"bob\u00a0" + tail, "A username cannot contain invisible characters",
				"b\u00adob" + tail, "A username cannot contain invisible characters",
				this.bob.getEmail(), "A username cannot contain @",
				"new-" + TestFixtures.unique("x") + "@acceptance.test", "A username cannot contain @");
	}

	@Test
	void registerWhenUsernameLooksLikeATakenOneOrHoldsAnAtOrAnInvisibleCharacterThenRefusedOnTheForm() {
		refused().forEach((username, message) -> {
			String email = TestFixtures.unique("named") + "@example.com";
			Browser browser = new Browser().from("198.51.100." + (addresses.incrementAndGet() % 250 + 1));
			HttpResponse<String> form = browser.get(this.provider.origin() + "/accounts/register");
			Map<String, String> values = new HashMap<>(Map.of("firstName", "Rana", "email", email, "username",
					username, "password", PASSWORD, "passwordConfirm", PASSWORD));
			HttpResponse<String> answer = browser.submitForm(form, values);
			assertThat(answer.statusCode()).as(username).isEqualTo(400);
			assertThat(answer.body()).as(username).contains(message);
		});
	}

	@Test
	void firstSuperuserWhenUsernameHoldsAnAtOrLooksLikeAnotherAccountThenRefused() {
		String tail = this.bob.getUsername().substring(3);
		assertThat(this.firstSuperuser.usernameProblem("root@example.com")).hasValue("username.error.email");
		assertThat(this.firstSuperuser.usernameProblem("root\u200b")).hasValue("username.error.invisible");
		assertThat(this.firstSuperuser.usernameProblem("bób" + tail)).hasValue("register.error.username-taken");
		// The account with this very name is the one made superuser.
		assertThat(this.firstSuperuser.usernameProblem(this.bob.getUsername().toUpperCase(Locale.ROOT))).isEmpty();
	}

	@Test
	void acceptInvitationWhenUsernameLooksLikeATakenOneOrHoldsAnAtThenRefusedAndNoAccount() {
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> c.setName("Team Wiki"));
		String email = TestFixtures.unique("invited") + "@example.com";
		String link = this.invitations.invite(app, email, MembershipRole.USER, "en", this.actors.of(superuser)).link();
		refused().forEach((username, message) -> {
			Browser browser = new Browser();
			HttpResponse<String> page = browser.get(link);
			HttpResponse<String> answer = browser.submitForm(page, Map.of("firstName", "Omar", "username", username,
					"password", PASSWORD, "passwordConfirm", PASSWORD));
			assertThat(answer.statusCode()).as(username).isEqualTo(400);
			assertThat(answer.body()).as(username).contains(message);
		});
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

}
