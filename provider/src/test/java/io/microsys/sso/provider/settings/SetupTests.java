package io.microsys.sso.provider.settings;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** First launch: the setup page creates the first superuser once, then is gone. */
@ProviderIntegrationTest
@TestPropertySource(properties = "microsys.test.context=setup")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupTests {

	static final String STRONG = "Vault-Orbit-7-Lantern";

	@Value("${microsys.sso.issuer}")
	String issuer;

	@Autowired
	UserRepository users;

	@Autowired
	PasswordEncoder passwordEncoder;

	String base() {
		return this.issuer.substring(0, this.issuer.length() - 2);
	}

	@Test
	@Order(1)
	void setupWhenPasswordTooCommonThenFormAgainWithMessageAndNoUser() {
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(base() + "/sys/setup");
		assertThat(page.statusCode()).isEqualTo(200);

		HttpResponse<String> answer = browser.submitForm(page, Map.of("username", "root", "email",
				"root@example.com", "password", "password123", "passwordConfirm", "password123"));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("This password is too common");
		assertThat(this.users.findByUsername("root")).isEmpty();
	}

	@Test
	@Order(2)
	void setupWhenPasswordsDifferThenFormAgainWithMessage() {
		Browser browser = new Browser();
		HttpResponse<String> answer = browser.submitForm(browser.get(base() + "/sys/setup"), Map.of("username",
				"root", "email", "root@example.com", "password", STRONG, "passwordConfirm", STRONG + "x"));

		assertThat(answer.body()).contains("The two passwords are not the same.");
		assertThat(this.users.findByUsername("root")).isEmpty();
	}

	@Test
	@Order(3)
	void setupWhenValidThenSuperuserCreatedWithArgon2AndPageGone() {
		Browser browser = new Browser();
		HttpResponse<String> answer = browser.submitForm(browser.get(base() + "/sys/setup"), Map.of("username",
				"root", "email", "root@example.com", "password", STRONG, "passwordConfirm", STRONG));

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
	@Tag("db")
	void startupWhenAdminEnvironmentGivenThenSuperuserCreatedOnce() {
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.admin.username", "operator");
		properties.put("microsys.sso.admin.password", STRONG);
		try (ConfigurableApplicationContext context = ProviderTestInitializer.start(properties)) {
			SsoUser admin = context.getBean(UserRepository.class).findByUsername("operator").orElseThrow();
			assertThat(admin.isSuperuser()).isTrue();
		}
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
