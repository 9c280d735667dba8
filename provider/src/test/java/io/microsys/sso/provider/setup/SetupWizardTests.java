package io.microsys.sso.provider.setup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.settings.IssuerSetting;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first-run wizard over HTTP on a fresh provider with no mail server configured: the issuer,
 * the mail server (tried with a test message first) and registration are saved with the first
 * superuser; mail and registration apply at once, the issuer from the next start.
 */
@Tag("db")
@ExtendWith(OutputCaptureExtension.class)
class SetupWizardTests {

	static final String STRONG = "Vault-Orbit-7-Lantern";

	private static Map<String, String> superuser(String code) {
		Map<String, String> values = new HashMap<>();
		values.put("code", code);
		values.put("username", "root");
		values.put("email", "root@example.com");
		values.put("password", STRONG);
		values.put("passwordConfirm", STRONG);
		return values;
	}

	private static List<MimeMessage> to(GreenMail relay, String address) {
		return List.of(relay.getReceivedMessages()).stream().filter((message) -> {
			try {
				return List.of(message.getAllRecipients()).stream().anyMatch((a) -> a.toString().equals(address));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	@Test
	void setupWhenIssuerMailAndRegistrationGivenThenSavedAndTheIssuerServedFromTheNextStart(CapturedOutput output) {
		TestMail.server();
		GreenMail relay = new GreenMail(new ServerSetup(ProviderTestInitializer.freePort(), "127.0.0.1",
				ServerSetup.PROTOCOL_SMTP));
		relay.start();
		Map<String, Object> properties = ProviderTestInitializer.durableProperties();
		// A new installation: no mail server from the environment.
		properties.remove("spring.mail.host");
		properties.remove("spring.mail.port");
		int port = (Integer) properties.get("server.port");
		String origin = "http://localhost:" + port;
		String newIssuer = "http://127.0.0.1:" + port + "/o";
		String relayPort = Integer.toString(relay.getSmtp().getPort());
		try {
			try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
				JdbcTemplate jdbc = provider.getBean(JdbcTemplate.class);
				String code = SetupTests.codeFromLog(output);
				Browser browser = new Browser();
				HttpResponse<String> page = browser.get(origin + "/sys/setup");
				assertThat(page.statusCode()).isEqualTo(200);
				assertThat(page.body()).contains("value=\"http://localhost:" + port + "/o\"")
					.contains("Email delivery (optional)")
					.contains("Public registration");

				// A bad issuer: 400, nothing created or stored.
				for (String bad : new String[] { "ftp://sso.example.com/o", "https://sso.example.com/o?x=1",
						"https://sso.example.com/o#top", "http://sso.example.com/o", "https://sso.example.com",
						"https://sso.example.com/", "sso.example.com/o", "https://user@sso.example.com/o",
						"https://sso.example.com/a b" }) {
					Map<String, String> values = superuser(code);
					values.put("issuer", bad);
					HttpResponse<String> refused = browser.submitForm(page, values);
					assertThat(refused.statusCode()).as(bad).isEqualTo(400);
					assertThat(refused.body()).as(bad).contains("Enter an absolute https address with a path");
				}
				// Registration without a mail server: 400.
				Map<String, String> noMail = superuser(code);
				noMail.put("registrationEnabled", "true");
				HttpResponse<String> refused = browser.submitForm(page, noMail);
				assertThat(refused.statusCode()).isEqualTo(400);
				assertThat(refused.body()).contains("Registration needs email: enter a mail server above");
				// A bad mail field: 400.
				Map<String, String> badPort = superuser(code);
				badPort.put("mail.host", "127.0.0.1");
				badPort.put("mail.port", "70000");
				refused = browser.submitForm(page, badPort);
				assertThat(refused.statusCode()).isEqualTo(400);
				assertThat(refused.body()).contains("Enter a port from 1 to 65535");
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_user", Long.class)).isZero();
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_setting WHERE setting_key LIKE 'mail.%' "
						+ "OR setting_key LIKE 'registration.%' OR setting_key = ?", Long.class, IssuerSetting.KEY))
					.isZero();

				// The test message, through the server typed, before anything is saved.
				Map<String, String> mail = superuser(code);
				mail.put("mail.host", "127.0.0.1");
				mail.put("mail.port", Integer.toString(closedPort()));
				mail.put("mail.from", "Wizard <wizard@example.org>");
				mail.put("action", "test-mail");
				HttpResponse<String> closed = browser.submitForm(page, mail);
				assertThat(closed.statusCode()).isEqualTo(200);
				assertThat(closed.body()).contains("The mail server refused the connection");
				mail.put("mail.port", relayPort);
				HttpResponse<String> tested = browser.submitForm(page, mail);
				assertThat(tested.statusCode()).isEqualTo(200);
				assertThat(tested.body()).contains("The mail server accepted the test message for root@example.com")
					.doesNotContain(STRONG);
				assertThat(to(relay, "root@example.com")).hasSize(1);
				assertThat(TestMail.from(to(relay, "root@example.com").get(0))).contains("wizard@example.org");
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_user", Long.class)).isZero();
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_setting WHERE setting_key LIKE 'mail.%'",
						Long.class)).isZero();
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MAIL_TEST_SENT'",
						Long.class)).isEqualTo(2);

				// Finished: the superuser, the issuer, the mail server and registration.
				Map<String, String> all = superuser(code);
				all.put("issuer", newIssuer + "/");
				all.put("mail.host", "127.0.0.1");
				all.put("mail.port", relayPort);
				all.put("mail.from", "Wizard <wizard@example.org>");
				all.put("registrationEnabled", "true");
				all.put("registrationMode", "auto_login_after_verify");
				HttpResponse<String> done = browser.submitForm(tested, all);
				assertThat(done.statusCode()).isEqualTo(302);
				assertThat(Browser.location(done)).endsWith("/accounts/login?setup");
				assertThat(jdbc.queryForObject("SELECT setting_value FROM sso_setting WHERE setting_key = ?",
						String.class, IssuerSetting.KEY)).isEqualTo(newIssuer);
				assertThat(provider.getBean(RuntimeSettings.class).registration())
					.isEqualTo(new RuntimeSettings.Registration(true, RegistrationMode.AUTO_LOGIN_AFTER_VERIFY));
				assertThat(jdbc.queryForList("SELECT reason FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED'",
						String.class)).containsExactlyInAnyOrder("issuer", "mail", "registration");
				// Mail and registration apply at once; the issuer from the next start.
				assertThat(new Browser().get(origin + "/accounts/register").statusCode()).isEqualTo(200);
				assertThat(new Browser().get(origin + "/o/.well-known/openid-configuration").body())
					.contains("\"issuer\":\"http://localhost:" + port + "/o\"");
				assertThat(browser.get(origin + "/sys/setup").statusCode()).isEqualTo(404);
			}
			try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
				for (String host : new String[] { "127.0.0.1", "localhost" }) {
					assertThat(new Browser().get("http://" + host + ":" + port + "/o/.well-known/openid-configuration")
						.body()).contains("\"issuer\":\"" + newIssuer + "\"")
						.contains("\"token_endpoint\":\"" + newIssuer + "/token\"");
				}
				// Links in email follow the issuer: a password reset, through the stored mail server.
				Browser anonymous = new Browser();
				HttpResponse<String> reset = anonymous.get(newIssuer.replace("/o", "") + "/accounts/password/reset");
				anonymous.submitForm(reset, Map.of("login", "root@example.com"));
				await().atMost(Duration.ofSeconds(20)).until(() -> to(relay, "root@example.com").size() == 2);
				MimeMessage message = to(relay, "root@example.com").get(1);
				assertThat(TestMail.find(message, "(http://\\S+/accounts/password/reset/[A-Za-z0-9_-]{43})"))
					.startsWith("http://127.0.0.1:" + port + "/accounts/password/reset/");
			}
		}
		finally {
			relay.stop();
		}
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
