package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-up and invitation forms show each error beside the field it is about, in the page's
 * language, answer 400, keep what was typed (never a password) and change nothing.
 */
@ProviderIntegrationTest
class FieldErrorsTests {

	@Value("${microsys.sso.issuer}")
	String issuer;

	@Autowired
	ApplicationContext context;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	UserRepository users;

	@Autowired
	JdbcTemplate jdbc;

	TestFixtures fixtures;

	String origin;

	@BeforeEach
	void setUp() {
		this.fixtures = new TestFixtures(this.context);
		this.origin = Pages.origin(this.issuer);
		this.settings.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	@AfterEach
	void closeRegistration() {
		this.settings.setRegistration(new RuntimeSettings.Registration(false, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	private HttpResponse<String> signUp(Browser browser, String query, Map<String, String> values) {
		HttpResponse<String> form = browser.get(this.origin + "/accounts/register" + query);
		assertThat(form.statusCode()).isEqualTo(200);
		Map<String, String> all = new HashMap<>(Map.of("firstName", "Rana", "lastName", "Haddad", "password",
				RegistrationTests.PASSWORD, "passwordConfirm", RegistrationTests.PASSWORD));
		all.putAll(values);
		return browser.submitForm(form, all);
	}

	/** The error of {@code field}, checked to sit right after its input and to be announced by it. */
	private static Element errorBeside(Document page, String field) {
		Element input = page.getElementById(field);
		Element error = page.getElementById(field + "-error");
		assertThat(input).as(field).isNotNull();
		assertThat(error).as(field + "-error").isNotNull();
		assertThat(input.nextElementSibling()).as("beside " + field).isEqualTo(error);
		assertThat(input.attr("aria-invalid")).isEqualTo("true");
		assertThat(input.attr("aria-describedby").split(" ")).contains(field + "-error");
		return error;
	}

	@Test
	void registerWhenPasswordTooShortThenErrorBesidePasswordAnd400AndNothingCreated() {
		String email = RegistrationTests.email();
		HttpResponse<String> answer = signUp(RegistrationTests.browser(), "",
				Map.of("email", email, "username", "a b", "password", "short", "passwordConfirm", "short"));

		assertThat(answer.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(answer.body());
		assertThat(errorBeside(page, "password").text()).isEqualTo("The password must have at least 8 characters.");
		assertThat(errorBeside(page, "username").text()).startsWith("Enter a username of 3 to 150");
		assertThat(page.getElementById("email-error")).isNull();
		assertThat(page.getElementById("email").attr("aria-invalid")).isEmpty();
		assertThat(page.getElementById("firstName").hasAttr("aria-describedby")).isFalse();
		assertThat(page.select("#problem[role=alert]")).hasSize(1);
		// What was typed comes back, the passwords do not.
		assertThat(page.getElementById("email").val()).isEqualTo(email);
		assertThat(page.getElementById("firstName").val()).isEqualTo("Rana");
		assertThat(page.getElementById("password").val()).isEmpty();
		assertThat(answer.body()).doesNotContain("short\"");
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

	@Test
	void registerWhenPasswordsDifferThenErrorBesideTheRepeatedOne() {
		String email = RegistrationTests.email();
		HttpResponse<String> answer = signUp(RegistrationTests.browser(), "", Map.of("email", email, "password",
				RegistrationTests.PASSWORD, "passwordConfirm", RegistrationTests.PASSWORD + "x"));

		assertThat(answer.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(answer.body());
		assertThat(errorBeside(page, "passwordConfirm").text()).isEqualTo("The two passwords are not the same.");
		assertThat(page.getElementById("password-error")).isNull();
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

	@Test
	void registerWhenPasswordIsTheAddressThenErrorBesidePassword() {
		String email = RegistrationTests.email();
		HttpResponse<String> answer = signUp(RegistrationTests.browser(), "",
				Map.of("email", email, "password", email, "passwordConfirm", email));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(errorBeside(Jsoup.parse(answer.body()), "password").text())
			.isEqualTo("The password must not contain the username or be the email.");
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

	@Test
	void registerWhenArabicThenErrorsBesideTheFieldsInArabic() {
		String email = RegistrationTests.email();
		HttpResponse<String> answer = signUp(RegistrationTests.browser(), "?lang=ar",
				Map.of("email", email, "firstName", " ", "password", "short", "passwordConfirm", "short"));

		assertThat(answer.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(answer.body());
		assertThat(page.selectFirst("html").attr("dir")).isEqualTo("rtl");
		assertThat(errorBeside(page, "password").text()).isEqualTo("يجب أن تتكون كلمة المرور من 8 أحرف على الأقل.");
		assertThat(errorBeside(page, "firstName").text()).startsWith("أدخل اسمك الأول");
		assertThat(page.getElementById("problem").text()).isEqualTo("بعض الحقول تحتاج إلى تعديل: انظر الرسائل بجانبها.");
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

	@Test
	void registerWhenUsernameTakenThenErrorBesideUsername() {
		SsoUser taken = this.fixtures.user();
		String email = RegistrationTests.email();
		HttpResponse<String> answer = signUp(RegistrationTests.browser(), "",
				Map.of("email", email, "username", taken.getUsername()));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(errorBeside(Jsoup.parse(answer.body()), "username").text()).startsWith("This username is taken");
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

	@Test
	void saveSettingsWhenModeUnknownThenErrorBesideTheModesAnd400AndNothingChanged() {
		SsoUser superuser = this.fixtures.user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		RuntimeSettings.Registration before = this.settings.registration();
		Browser admin = Pages.signedIn(this.origin, superuser);
		HttpResponse<String> page = admin.get(this.origin + "/sys/settings");
		HttpResponse<String> answer = admin.post(this.origin + "/sys/settings",
				Map.of("_csrf", Browser.csrfToken(page), "registrationEnabled", "false", "registrationMode", "sometimes"));

		assertThat(answer.statusCode()).isEqualTo(400);
		Document form = Jsoup.parse(answer.body());
		Element error = form.getElementById("registrationModeKnown-error");
		assertThat(error.text()).isEqualTo("Choose what happens after people confirm their email address.");
		assertThat(form.selectFirst("fieldset").nextElementSibling()).isEqualTo(error);
		assertThat(form.selectFirst("fieldset").attr("aria-describedby")).isEqualTo("registrationModeKnown-error");
		assertThat(form.select("#problem[role=alert]")).hasSize(1);
		assertThat(this.settings.registration()).isEqualTo(before);
	}

	@Test
	void inviteWhenRoleAndAddressBadThenErrorsBesideThemAnd400AndNothingSaved() {
		SsoUser superuser = this.fixtures.user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		SsoClient app = this.fixtures.confidentialClient((c) -> {
		});
		Browser admin = Pages.signedIn(this.origin, superuser);
		HttpResponse<String> form = admin.get(this.origin + "/sys/invitations");
		HttpResponse<String> answer = admin.submitForm(form, "form#invite",
				Map.of("app", app.getClientId(), "email", "not-an-email", "role", "owner", "language", "ar"));

		assertThat(answer.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(answer.body());
		assertThat(errorBeside(page, "email").text()).isEqualTo("Enter a valid email address.");
		assertThat(errorBeside(page, "role").text()).startsWith("Choose a role");
		assertThat(page.getElementById("app-error")).isNull();
		assertThat(page.getElementById("email").val()).isEqualTo("not-an-email");
		assertThat(page.selectFirst("#app option[selected]").val()).isEqualTo(app.getClientId());
		assertThat(page.selectFirst("#language option[selected]").val()).isEqualTo("ar");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE client_id = ?", Long.class,
				app.getId())).isZero();
	}

}
