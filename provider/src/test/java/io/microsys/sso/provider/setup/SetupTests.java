package io.microsys.sso.provider.setup;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * First launch: the setup page waits for start-up, asks for the one-time code from the log, creates
 * the first superuser once, then says it is already set up.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = "microsys.test.context=setup")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class SetupTests {

	static final String STRONG = "Vault-Orbit-7-Lantern";

	static final Pattern CODE_IN_LOG = Pattern.compile("enter the setup code ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){7})");

	final Provider provider;

	@Autowired
	UserRepository users;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	FirstSuperuser firstSuperuser;

	SetupTests(Provider provider) {
		this.provider = provider;
	}

	String base() {
		return this.provider.origin();
	}

	/** The setup code this provider printed in its log when it started (the last one, if several). */
	static String codeFromLog(CapturedOutput output) {
		Matcher matcher = CODE_IN_LOG.matcher(output.getAll());
		String code = null;
		while (matcher.find()) {
			code = matcher.group(1);
		}
		assertThat(code).as("the setup code in the start-up log").isNotNull();
		return code;
	}

	static Map<String, String> form(String code, String password, String passwordConfirm) {
		return Map.of("code", code, "username", "root", "email", "root@example.com", "password", password,
				"passwordConfirm", passwordConfirm);
	}

	int setupCodes() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_setup_code", Integer.class);
	}

	void forgetSetupCodeAttempts() {
		this.jdbc.update("DELETE FROM sso_login_throttle WHERE throttle_key LIKE 's:%'");
	}

	@Test
	@Order(1)
	void setupWhenStartupNotCompleteThenServiceUnavailableWithRetryAfterAndNothingCreated(CapturedOutput output) {
		Browser browser = new Browser();
		String csrf = Browser.csrfToken(browser.get(base() + "/accounts/login"));
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			HttpResponse<String> page = browser.get(base() + "/sys/setup");
			HttpResponse<String> arabic = browser.get(base() + "/sys/setup?lang=ar");
			HttpResponse<String> posted = browser.post(base() + "/sys/setup?lang=en",
					withCsrf(form(codeFromLog(output), STRONG, STRONG), csrf));

			assertThat(page.statusCode()).isEqualTo(503);
			assertThat(page.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(page.body()).contains("Microsys SSO is still starting.").doesNotContain("<form");
			assertThat(arabic.statusCode()).isEqualTo(503);
			assertThat(arabic.body()).contains("dir=\"rtl\"", "ما زال مايكروسيس للدخول الموحد قيد التشغيل");
			assertThat(posted.statusCode()).isEqualTo(503);
			assertThat(posted.body()).contains("Microsys SSO is still starting.");
			assertThat(this.users.findByUsername("root")).isEmpty();
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	static Map<String, String> withCsrf(Map<String, String> form, String csrf) {
		Map<String, String> result = new HashMap<>(form);
		result.put("_csrf", csrf);
		return result;
	}

	@Test
	@Order(2)
	void setupWhenCodeMissingOrWrongThenForbiddenSaysSoAndNothingCreated(CapturedOutput output) {
		String code = codeFromLog(output);
		String wrong = code.substring(0, code.length() - 1) + (code.endsWith("A") ? "B" : "A");
		Browser browser = new Browser();

		HttpResponse<String> missing = browser.submitForm(browser.get(base() + "/sys/setup"), form("", STRONG, STRONG));
		HttpResponse<String> arabic = browser.submitForm(browser.get(base() + "/sys/setup?lang=ar"),
				form(wrong, STRONG, STRONG));

		assertThat(missing.statusCode()).isEqualTo(403);
		assertThat(missing.body()).contains("The setup code is not correct.", "Nothing was created.",
				"<form method=\"post\" action=\"/sys/setup\">");
		assertThat(arabic.statusCode()).isEqualTo(403);
		assertThat(arabic.body()).contains("dir=\"rtl\"", "رمز الإعداد غير صحيح", "لم يُنشأ أي شيء")
			.doesNotContain(wrong);
		assertThat(this.users.findByUsername("root")).isEmpty();
		assertThat(this.firstSuperuser.needed()).isTrue();
	}

	@Test
	@Order(3)
	void setupWhenFiveWrongCodesThenEvenTheRightOneIsRefusedForAWhile(CapturedOutput output) {
		forgetSetupCodeAttempts();
		try {
			Browser browser = new Browser();
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> wrong = browser.submitForm(browser.get(base() + "/sys/setup"),
						form("WRONG-CODE-" + i, STRONG, STRONG));
				assertThat(wrong.statusCode()).isEqualTo(403);
			}

			HttpResponse<String> refused = browser.submitForm(browser.get(base() + "/sys/setup"),
					form(codeFromLog(output), STRONG, STRONG));

			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(refused.body()).contains("Too many wrong setup codes from this address.");
			assertThat(this.users.findByUsername("root")).isEmpty();
		}
		finally {
			forgetSetupCodeAttempts();
		}
	}

	@Test
	@Order(4)
	void setupWhenPasswordTooCommonThenFormAgainWithMessageAndNoUser(CapturedOutput output) {
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(base() + "/sys/setup");
		assertThat(page.statusCode()).isEqualTo(200);

		HttpResponse<String> answer = browser.submitForm(page, form(codeFromLog(output), "password123", "password123"));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("This password is too common");
		Document form = Jsoup.parse(answer.body());
		assertThat(form.getElementById("password").nextElementSibling().id()).isEqualTo("password-error");
		assertThat(form.getElementById("password-error").text()).isEqualTo("This password is too common. Choose another.");
		assertThat(form.getElementById("username").val()).isEqualTo("root");
		assertThat(form.getElementById("password").val()).isEmpty();
		assertThat(this.users.findByUsername("root")).isEmpty();
	}

	@Test
	@Order(5)
	void setupWhenPasswordsDifferThenFormAgainWithMessage(CapturedOutput output) {
		Browser browser = new Browser();
		HttpResponse<String> answer = browser.submitForm(browser.get(base() + "/sys/setup"),
				form(codeFromLog(output), STRONG, STRONG + "x"));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("The two passwords are not the same.");
		assertThat(Jsoup.parse(answer.body()).getElementById("passwordConfirm-error").text())
			.isEqualTo("The two passwords are not the same.");
		assertThat(this.users.findByUsername("root")).isEmpty();
	}

	@Test
	@Order(6)
	void setupPageWhenShownThenPasswordLengthIsThePolicys() {
		HttpResponse<String> page = new Browser().get(base() + "/sys/setup");

		assertThat(page.body()).contains("minlength=\"" + PasswordPolicy.MIN_LENGTH + "\"",
				"At least " + PasswordPolicy.MIN_LENGTH + " characters");
	}

	@Test
	@Order(7)
	void setupWhenValidThenSuperuserCreatedWithArgon2AndPageGone(CapturedOutput output) {
		String code = codeFromLog(output);
		Browser browser = new Browser();
		HttpResponse<String> answer = browser.submitForm(browser.get(base() + "/sys/setup"),
				form(" " + code.toLowerCase(Locale.ROOT) + " ", STRONG, STRONG));

		assertThat(Browser.isRedirect(answer)).isTrue();
		SsoUser root = this.users.findByUsername("ROOT").orElseThrow();
		assertThat(root.isSuperuser()).isTrue();
		assertThat(root.getOrigin()).isEqualTo(AccountOrigin.SETUP);
		assertThat(root.getPasswordHash()).startsWith("{argon2}$argon2id$v=19$m=7168,t=5,p=1$");
		assertThat(this.passwordEncoder.matches(STRONG, root.getPasswordHash())).isTrue();
		assertThat(browser.get(base() + "/sys/setup").statusCode()).isEqualTo(404);
		assertThat(new Browser().post(base() + "/sys/setup", Map.of("username", "other")).statusCode())
			.isIn(403, 404);
	}

	@Test
	@Order(8)
	void setupWhenDoneThenSignInPageSaysAdministratorCreated() {
		HttpResponse<String> english = new Browser().get(base() + "/accounts/login?setup");
		HttpResponse<String> arabic = new Browser().get(base() + "/accounts/login?setup&lang=ar");

		assertThat(english.body()).contains("The administrator has been created. Sign in");
		assertThat(arabic.body()).contains("تم إنشاء المسؤول. سجّل الدخول");
		assertThat(new Browser().get(base() + "/accounts/login").body()).doesNotContain("administrator has been created");
	}

	@Test
	@Order(9)
	void setupWhenAlreadyDoneThenAlreadySetUpWithSignInLinkAndTheCodeNoLongerWorks(CapturedOutput output) {
		int users = this.users.findAll().size();
		Browser browser = new Browser();
		String csrf = Browser.csrfToken(browser.get(base() + "/accounts/login"));

		HttpResponse<String> page = browser.get(base() + "/sys/setup");
		HttpResponse<String> arabic = browser.get(base() + "/sys/setup?lang=ar");
		HttpResponse<String> again = browser.post(base() + "/sys/setup?lang=en", withCsrf(Map.of("code",
				codeFromLog(output), "username", "intruder", "email", "intruder@example.com", "password", STRONG,
				"passwordConfirm", STRONG), csrf));

		for (HttpResponse<String> answer : List.of(page, again)) {
			ErrorResponses.assertNothingLeaked(answer);
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.body()).contains("Microsys SSO is already set up", "href=\"/accounts/login\"")
				.doesNotContain("Something went wrong", "<form method=\"post\" action=\"/sys/setup\"");
		}
		assertThat(arabic.body()).contains("تم إعداد مايكروسيس للدخول الموحد من قبل");
		assertThat(this.users.findByUsername("intruder")).isEmpty();
		assertThat(this.users.findAll()).hasSize(users);
		assertThat(setupCodes()).isZero();
	}

	@Test
	@Tag("db")
	void startupWhenAdminEnvironmentGivenThenSuperuserCreatedOnceAndNoSetupCode(CapturedOutput output) {
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.admin.username", "operator");
		properties.put("microsys.sso.admin.password", STRONG);
		long codesPrinted = CODE_IN_LOG.matcher(output.getAll()).results().count();
		try (ConfigurableApplicationContext context = ProviderTestInitializer.start(properties)) {
			SsoUser admin = context.getBean(UserRepository.class).findByUsername("operator").orElseThrow();
			assertThat(admin.isSuperuser()).isTrue();
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForObject("SELECT COUNT(*) FROM sso_setup_code", Integer.class)).isZero();
		}
		assertThat(CODE_IN_LOG.matcher(output.getAll()).results().count()).isEqualTo(codesPrinted);
		properties.put("microsys.sso.admin.password", "changed-but-ignored-1234");
		try (ConfigurableApplicationContext context = ProviderTestInitializer.start(properties)) {
			SsoUser admin = context.getBean(UserRepository.class).findByUsername("operator").orElseThrow();
			assertThat(context.getBean(PasswordEncoder.class).matches(STRONG, admin.getPasswordHash())).isTrue();
		}
	}

	@Test
	@Tag("db")
	void startupWhenAdminPasswordWeakThenStartFailsNamingTheProblem() {
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.admin.username", "operator");
		properties.put("microsys.sso.admin.password", "qwe12");

		assertThatThrownBy(() -> ProviderTestInitializer.start(properties).close()).hasStackTraceContaining(
				"MICROSYS_SSO_ADMIN_PASSWORD is not acceptable: password is shorter than 8 characters");
	}

}
