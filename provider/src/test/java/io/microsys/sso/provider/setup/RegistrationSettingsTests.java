package io.microsys.sso.provider.setup;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registration settings on {@code /sys/settings}, each on a provider of its own: turning
 * registration on needs mail that works (none configured, or a server that does not answer, gets
 * a clear refusal and changes nothing, and the provider stays healthy), the change is stored for
 * every node and audited, and a provider configured to open registration without a mail server
 * does not start.
 */
@Tag("db")
class RegistrationSettingsTests {

	static final String ADMIN = "settings-admin";

	static final String ADMIN_PASSWORD = "correct-horse-battery-77";

	private static Map<String, Object> properties(boolean mail) {
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.admin.username", ADMIN);
		properties.put("microsys.sso.admin.password", ADMIN_PASSWORD);
		properties.put("microsys.sso.admin.email", "settings-admin@example.com");
		if (!mail) {
			properties.remove("spring.mail.host");
			properties.remove("spring.mail.port");
		}
		return properties;
	}

	private static String origin(Map<String, Object> properties) {
		return Pages.origin((String) properties.get("microsys.sso.issuer"));
	}

	private static Browser admin(String origin) {
		Browser browser = new Browser();
		HttpResponse<String> home = Pages.password(browser, origin, ADMIN, ADMIN_PASSWORD);
		assertThat(home.uri().getPath()).isEqualTo("/");
		assertThat(home.body()).contains("/sys/settings");
		return browser;
	}

	private static HttpResponse<String> save(Browser browser, String origin, Map<String, String> values) {
		HttpResponse<String> page = browser.get(origin + "/sys/settings");
		assertThat(page.statusCode()).isEqualTo(200);
		return browser.submitForm(page, "form#registration", values);
	}

	@Test
	void settingsWhenMailWorksThenRegistrationOpensClosesAndChangesAreAudited() {
		TestMail.server();
		Map<String, Object> properties = properties(true);
		String origin = origin(properties);
		try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
			Browser browser = admin(origin);
			assertThat(new Browser().get(origin + "/accounts/register").statusCode()).isEqualTo(404);

			HttpResponse<String> saved = browser.followWithin(save(browser, origin,
					Map.of("registrationEnabled", "true", "registrationMode", "auto_login_after_verify")), origin);
			assertThat(saved.body()).contains("The settings were saved");
			assertThat(new Browser().get(origin + "/accounts/register").statusCode()).isEqualTo(200);
			assertThat(provider.getBean(RuntimeSettings.class).registration())
				.isEqualTo(new RuntimeSettings.Registration(true, RegistrationMode.AUTO_LOGIN_AFTER_VERIFY));
			JdbcTemplate jdbc = provider.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
					+ "AND detail = 'enabled false -> true, mode verified_pending_approval -> auto_login_after_verify'",
					Long.class)).isEqualTo(1);

			// A mode that does not exist, or a strange value: 400, nothing changes.
			for (Map<String, String> bad : new Map[] { Map.of("registrationEnabled", "true", "registrationMode", "everyone"),
					Map.of("registrationEnabled", "yes", "registrationMode", "auto_login_after_verify") }) {
				HttpResponse<String> refused = save(browser, origin, bad);
				assertThat(refused.statusCode()).isEqualTo(400);
				assertThat(refused.body()).contains("Choose what happens after people confirm");
			}
			// Unticked (a browser then sends no value for the box): closed again.
			HttpResponse<String> page = browser.get(origin + "/sys/settings");
			assertThat(page.body()).contains("checked");
			browser.post(origin + "/sys/settings",
					Map.of("_csrf", Browser.csrfToken(page), "registrationMode", "verified_pending_approval"));
			assertThat(new Browser().get(origin + "/accounts/register").statusCode()).isEqualTo(404);
			assertThat(provider.getBean(RuntimeSettings.class).registration().enabled()).isFalse();
		}
	}

	@Test
	void settingsWhenNoMailServerThenRegistrationCannotBeTurnedOn() {
		Map<String, Object> properties = properties(false);
		String origin = origin(properties);
		try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
			Browser browser = admin(origin);
			HttpResponse<String> page = browser.get(origin + "/sys/settings");
			assertThat(page.body()).contains("No mail server is configured");
			HttpResponse<String> refused = save(browser, origin,
					Map.of("registrationEnabled", "true", "registrationMode", "verified_pending_approval"));
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(refused.body()).contains("Registration needs email, and no mail server is configured")
				.contains("spring.mail.host");
			assertThat(provider.getBean(RuntimeSettings.class).registration().enabled()).isFalse();
			assertThat(new Browser().get(origin + "/accounts/register").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void settingsWhenMailServerDoesNotAnswerThenRegistrationCannotBeTurnedOn() {
		Map<String, Object> properties = properties(true);
		properties.put("spring.mail.port", closedPort());
		String origin = origin(properties);
		try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
			Browser browser = admin(origin);
			HttpResponse<String> refused = save(browser, origin,
					Map.of("registrationEnabled", "true", "registrationMode", "verified_pending_approval"));
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(refused.body()).contains("the mail server did not answer");
			assertThat(provider.getBean(RuntimeSettings.class).registration().enabled()).isFalse();
			// A mail server that is down does not take the provider out of its load balancer.
			HttpResponse<String> health = new Browser().send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(origin + "/health"))
				.header("Accept", "application/json")
				.build());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
		}
	}

	/** A loopback port nothing listens on. */
	private static int closedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void startupWhenRegistrationConfiguredOnWithoutMailThenProviderDoesNotStart() {
		Map<String, Object> properties = properties(false);
		properties.put("microsys.sso.registration.enabled", "true");
		assertThatThrownBy(() -> ProviderTestInitializer.start(properties).close())
			.hasStackTraceContaining("microsys.sso.registration.enabled is true but no mail server is configured");
	}

}
