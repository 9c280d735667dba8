package io.microsys.sso.provider.setup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Email delivery on {@code /sys/settings/mail}, over HTTP: saved from the console, the next message
 * goes through the new server without a restart; the password is sealed and never shown, logged
 * or audited; the test message tells what the server answered; bad input changes nothing.
 */
@ProviderIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MailSettingsTests {

	static final String RELAY_USER = "relay-user";

	static final String RELAY_PASSWORD = "Relay-Secret-4431zq";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StoredSettings stored;

	@Autowired
	MasterKey masterKey;

	@Autowired
	Mailer mailer;

	@Autowired
	RuntimeSettings runtimeSettings;

	SsoUser superuser;

	GreenMail relay;

	MailSettingsTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		TestMail.server();
		this.superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		this.relay = new GreenMail(new ServerSetup(ProviderTestInitializer.freePort(), "127.0.0.1",
				ServerSetup.PROTOCOL_SMTP))
			.withConfiguration(GreenMailConfiguration.aConfig().withUser(RELAY_USER, RELAY_PASSWORD));
		this.relay.start();
	}

	@AfterEach
	void restoreTheConfiguredServer() {
		// The context is shared: the properties' server (TestMail) applies again for the next tests.
		for (String key : MailSettings.PROPERTIES.keySet()) {
			this.stored.remove(key);
		}
		this.relay.stop();
	}

	private Browser admin() {
		return Pages.signedIn(this.provider.origin(), this.superuser);
	}

	private HttpResponse<String> save(Browser admin, Map<String, String> values) {
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/settings/mail");
		assertThat(page.statusCode()).isEqualTo(200);
		return admin.submitForm(page, "form#mail", values);
	}

	private Map<String, String> relaySettings(String password) {
		Map<String, String> values = new HashMap<>();
		values.put("host", "127.0.0.1");
		values.put("port", Integer.toString(this.relay.getSmtp().getPort()));
		values.put("tls", "none");
		values.put("username", RELAY_USER);
		values.put("password", password);
		values.put("from", "Console Sender <console-sender@example.org>");
		return values;
	}

	private List<MimeMessage> relayed(String to) {
		return List.of(this.relay.getReceivedMessages())
			.stream()
			.filter((message) -> {
				try {
					return List.of(message.getAllRecipients()).stream().anyMatch((a) -> a.toString().equals(to));
				}
				catch (jakarta.mail.MessagingException ex) {
					throw new IllegalStateException(ex);
				}
			})
			.toList();
	}

	private String everyAuditEntry() {
		StringBuilder all = new StringBuilder();
		this.jdbc.query("SELECT * FROM sso_audit_event", (rs) -> {
			for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
				all.append(rs.getString(i)).append('|');
			}
			all.append('\n');
		});
		return all.toString();
	}

	@Test
	void saveWhenPointedAtAnotherServerThenTheNextMessagesGoThereAndThePasswordIsNeverShown(CapturedOutput output) {
		Browser admin = admin();
		HttpResponse<String> saved = admin.followWithin(save(admin, relaySettings(RELAY_PASSWORD)),
				this.provider.origin());

		assertThat(saved.body()).contains("The email delivery settings were saved")
			.contains("A password is stored and is never shown")
			.doesNotContain(RELAY_PASSWORD);
		// Stored sealed: Base64 of what the master key opens to the password, and nothing else.
		String sealed = this.stored.get(MailSettings.PASSWORD).orElseThrow();
		assertThat(sealed).doesNotContain(RELAY_PASSWORD);
		assertThat(new String(this.masterKey.decrypt(Base64.getDecoder().decode(sealed), MailSettings.PASSWORD_CONTEXT),
				StandardCharsets.UTF_8)).isEqualTo(RELAY_PASSWORD);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
				+ "AND reason = 'mail' AND detail LIKE '%password changed%' AND detail LIKE '%port %'", Long.class))
			.isEqualTo(1);

		// The next message the provider sends (a password reset, through the outbox) leaves through the relay.
		SsoUser person = this.provider.fixtures().user();
		Browser anonymous = new Browser();
		HttpResponse<String> resetPage = anonymous.get(this.provider.origin() + "/accounts/password/reset");
		assertThat(resetPage.statusCode()).isEqualTo(200);
		anonymous.submitForm(resetPage, Map.of("login", person.getEmail()));
		await().atMost(Duration.ofSeconds(20)).until(() -> relayed(person.getEmail()).size() == 1);
		MimeMessage reset = relayed(person.getEmail()).get(0);
		assertThat(TestMail.find(reset, "(http://\\S+/accounts/password/reset/[A-Za-z0-9_-]{43})")).isNotBlank();
		assertThat(TestMail.from(reset)).contains("console-sender@example.org");
		assertThat(TestMail.to(person.getEmail())).isEmpty();

		// The test message: sent now, the server's answer shown, audited with its outcome.
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/settings/mail");
		String to = TestFixtures.unique("mail-test") + "@example.com";
		HttpResponse<String> tested = admin.submitForm(page, "form#test", Map.of("to", to));
		assertThat(tested.statusCode()).isEqualTo(200);
		assertThat(tested.body()).contains("The mail server accepted the test message for " + to)
			.contains("The server answered:")
			.containsPattern("<code[^>]*>250 ")
			.doesNotContain(RELAY_PASSWORD);
		assertThat(relayed(to)).hasSize(1);
		assertThat(TestMail.subject(relayed(to).get(0))).isEqualTo("Test message from Microsys SSO");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MAIL_TEST_SENT' "
				+ "AND reason = 'sent' AND detail LIKE ?", Long.class, "%" + to + "%")).isEqualTo(1);

		// Saved again with the password field empty: kept (the relay still takes the test message).
		Map<String, String> again = relaySettings("");
		again.put("from", "Again <again@example.org>");
		admin.followWithin(save(admin, again), this.provider.origin());
		assertThat(this.stored.get(MailSettings.PASSWORD)).contains(sealed);
		String second = TestFixtures.unique("mail-again") + "@example.com";
		assertThat(admin.submitForm(admin.get(this.provider.origin() + "/sys/settings/mail"), "form#test",
				Map.of("to", second)).body()).contains("The mail server accepted the test message");
		assertThat(TestMail.from(relayed(second).get(0))).contains("again@example.org");

		// Nowhere: not in the audit log, not in the log output.
		assertThat(everyAuditEntry()).doesNotContain(RELAY_PASSWORD).doesNotContain(sealed);
		assertThat(output.getAll()).doesNotContain(RELAY_PASSWORD).doesNotContain(sealed);
	}

	@Test
	void testWhenThePasswordIsWrongOrThePortClosedThenTheFailureIsReadable() {
		Browser admin = admin();
		admin.followWithin(save(admin, relaySettings("not-the-password")), this.provider.origin());
		String to = TestFixtures.unique("refused") + "@example.com";
		HttpResponse<String> refused = admin.submitForm(admin.get(this.provider.origin() + "/sys/settings/mail"),
				"form#test", Map.of("to", to));
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("The mail server did not accept the user name and password")
			.doesNotContain("not-the-password");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MAIL_TEST_SENT' "
				+ "AND reason = 'auth' AND detail LIKE ?", Long.class, "%" + to + "%")).isEqualTo(1);

		Map<String, String> closed = relaySettings("");
		closed.put("port", Integer.toString(closedPort()));
		admin.followWithin(save(admin, closed), this.provider.origin());
		HttpResponse<String> closedAnswer = admin.submitForm(admin.get(this.provider.origin() + "/sys/settings/mail"),
				"form#test", Map.of("to", to));
		assertThat(closedAnswer.statusCode()).isEqualTo(200);
		assertThat(closedAnswer.body()).contains("The mail server refused the connection");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MAIL_TEST_SENT' "
				+ "AND reason = 'refused' AND detail LIKE ?", Long.class, "%" + to + "%")).isEqualTo(1);
		assertThat(relayed(to)).isEmpty();
	}

	@Test
	void saveWhenTheHostIsEmptiedThenNoMailServerUntilItIsSetAgain() {
		Browser admin = admin();
		assertThat(this.mailer.isAvailable()).isTrue();
		Map<String, String> none = relaySettings("");
		none.put("host", "");
		admin.followWithin(save(admin, none), this.provider.origin());
		assertThat(this.mailer.isAvailable()).isFalse();
		assertThat(this.runtimeSettings.openRegistration()).isEmpty();
		assertThat(admin.get(this.provider.origin() + "/sys/settings/mail").body())
			.contains("No mail server is configured");
		admin.followWithin(save(admin, relaySettings("")), this.provider.origin());
		assertThat(this.mailer.isAvailable()).isTrue();
		// Removing the password: the box, stored as none.
		admin.followWithin(save(admin, relaySettings(RELAY_PASSWORD)), this.provider.origin());
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/settings/mail");
		admin.followWithin(admin.submitForm(page, "form#mail", Map.of("removePassword", "true")),
				this.provider.origin());
		assertThat(this.stored.get(MailSettings.PASSWORD)).contains("");
		assertThat(admin.get(this.provider.origin() + "/sys/settings/mail").body()).contains("No password is stored");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
				+ "AND reason = 'mail' AND detail = 'password removed'", Long.class)).isEqualTo(1);
	}

	@Test
	void saveWhenInputIsBadThen400AndNothingIsStored() {
		Browser admin = admin();
		Map<String, String> errors = Map.of(
				"host", "Enter a host name or an IP address",
				"port", "Enter a port from 1 to 65535",
				"tls", "Choose how the connection is protected",
				"from", "Enter one email address",
				"username", "Enter a user name of at most 254 characters",
				"removePassword", "Tick the box or leave it empty");
		Map<String, List<String>> bad = Map.of(
				"host", List.of("mail server", "-mail.example.com", "exa_mple.com", "1:2:3", "a".repeat(254)),
				"port", List.of("0", "65536", "25x", "-1", "99999999999"),
				"tls", List.of("ssl", "", "NONE "),
				"from", List.of("not an address", "a@example.com, b@example.com", "Name <broken", "no-domain@"),
				"username", List.of("line\nbreak", "u".repeat(255)),
				"removePassword", List.of("yes"));
		for (Map.Entry<String, List<String>> field : bad.entrySet()) {
			for (String value : field.getValue()) {
				Map<String, String> values = relaySettings(RELAY_PASSWORD);
				values.put(field.getKey(), value);
				HttpResponse<String> refused = save(admin, values);
				assertThat(refused.statusCode()).as("%s=%s", field.getKey(), value).isEqualTo(400);
				assertThat(refused.body()).as("%s=%s", field.getKey(), value)
					.contains(errors.get(field.getKey()))
					.doesNotContain(RELAY_PASSWORD);
				assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_setting WHERE setting_key LIKE 'mail.%'",
						Long.class)).as("%s=%s", field.getKey(), value).isZero();
			}
		}
		// The test message needs one address.
		for (String to : new String[] { "", "nobody", "a@example.com, b@example.com", "Name <a@example.com>" }) {
			HttpResponse<String> refused = admin.submitForm(admin.get(this.provider.origin() + "/sys/settings/mail"),
					"form#test", Map.of("to", to));
			assertThat(refused.statusCode()).as(to).isEqualTo(400);
			assertThat(refused.body()).contains("Enter one email address to send the test message to");
		}
		assertThat(this.relay.getReceivedMessages()).isEmpty();
		// A host as an address works too.
		for (String host : new String[] { "smtp.example.com", "10.0.0.5", "::1", "[2001:db8::1]", "localhost" }) {
			assertThat(MailSettings.isHost(host)).as(host).isTrue();
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
