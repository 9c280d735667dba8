package io.microsys.sso.provider.outbox;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Email and sign-ups wait in the outbox table, not in memory: a provider stopped while the mail
 * server is down sends the messages after it starts again, once each, and one stopped right after
 * accepting a sign-up and a reset request does them after it starts again; a mail server that keeps
 * failing is tried again with growing waits and the message is then marked failed and audited;
 * and a flood of sign-ups does not turn away password reset requests.
 */
@Tag("db")
class OutboxDeliveryTests {

	private static final String PASSWORD = "a-sign-up-passphrase-17";

	/** Properties of a provider whose mail server is at {@code smtpPort}, with an outbox quick enough for tests. */
	private static Map<String, Object> withMailAt(Map<String, Object> properties, int smtpPort) {
		properties.put("spring.mail.port", smtpPort);
		properties.put("microsys.sso.outbox.poll-interval", "200ms");
		properties.put("microsys.sso.outbox.initial-backoff", "200ms");
		properties.put("microsys.sso.outbox.max-backoff", "500ms");
		properties.put("microsys.sso.outbox.attempts", "1000");
		return properties;
	}

	private static String origin(Map<String, Object> properties) {
		return Pages.origin((String) properties.get("microsys.sso.issuer"));
	}

	private static HttpResponse<String> askReset(String origin, String login) {
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(origin + "/accounts/password/reset");
		return browser.submitForm(page, Map.of("login", login));
	}

	private static HttpResponse<String> signUp(Browser browser, HttpResponse<String> form, String email) {
		return browser.submitForm(form,
				Map.of("firstName", "Rana", "email", email, "password", PASSWORD, "passwordConfirm", PASSWORD));
	}

	private static void openRegistration(ConfigurableApplicationContext context) {
		context.getBean(RuntimeSettings.class)
			.setRegistration(new RuntimeSettings.Registration(true, RegistrationMode.VERIFIED_PENDING_APPROVAL), null);
	}

	private static List<MimeMessage> received(GreenMail smtp, String address) {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : smtp.getReceivedMessages()) {
			try {
				if (message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address)) {
					found.add(message);
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

	private static int waiting(JdbcTemplate jdbc, String kind) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM sso_outbox WHERE kind = ?", Integer.class, kind);
	}

	@Test
	void restartWhenMailServerWasDownThenEveryPromisedMessageIsSentOnceAfterward() throws Exception {
		int smtpPort = ProviderTestInitializer.freePort();
		Map<String, Object> properties = withMailAt(ProviderTestInitializer.durableProperties(), smtpPort);
		String origin = origin(properties);
		String signUpEmail = TestFixtures.unique("outbox") + "@example.com";
		SsoUser user;
		try (ConfigurableApplicationContext first = ProviderTestInitializer.start(properties)) {
			user = new TestFixtures(first).user();
			openRegistration(first);
			assertThat(Browser.location(askReset(origin, user.getUsername()))).endsWith("/accounts/password/reset/sent");
			Browser browser = new Browser();
			HttpResponse<String> form = browser.get(origin + "/accounts/register");
			assertThat(Browser.location(signUp(browser, form, signUpEmail))).endsWith("/accounts/register/sent");

			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			// Both messages were written and tried against the mail server that is not there.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject(
						"SELECT COUNT(*) FROM sso_outbox WHERE kind = 'mail' AND state = 'PENDING' AND attempts >= 1",
						Integer.class) == 2);
			for (byte[] payload : jdbc.queryForList("SELECT payload FROM sso_outbox", byte[].class)) {
				String stored = new String(payload, StandardCharsets.ISO_8859_1);
				assertThat(stored).doesNotContain(user.getEmail())
					.doesNotContain(signUpEmail)
					.doesNotContain("/accounts/");
			}
		}

		GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		try (ConfigurableApplicationContext second = ProviderTestInitializer.start(properties)) {
			JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> waiting(jdbc, "mail") == 0);
			assertThat(received(smtp, user.getEmail())).hasSize(1);
			assertThat(received(smtp, signUpEmail)).hasSize(1);
			MimeMessage reset = received(smtp, user.getEmail()).get(0);
			String link = TestMail.find(reset, "(http://\\S+/accounts/password/reset/[A-Za-z0-9_-]{43})");
			assertThat(new Browser().get(link).statusCode()).isEqualTo(200);
			assertThat(TestMail.subject(received(smtp, signUpEmail).get(0))).isEqualTo("Confirm your email address");
		}
		finally {
			smtp.stop();
		}
	}

	@Test
	void restartWhenStoppedRightAfterAcceptingThenTheSignUpAndTheResetAreDoneAfterward() {
		Map<String, Object> properties = withMailAt(ProviderTestInitializer.durableProperties(), TestMail.port());
		String origin = origin(properties);
		String signUpEmail = TestFixtures.unique("accepted") + "@example.com";
		SsoUser user;
		try (ConfigurableApplicationContext first = ProviderTestInitializer.start(properties)) {
			user = new TestFixtures(first).user();
			openRegistration(first);
			// Shutting down, the outbox stops first, while the web server still answers.
			first.getBean(Outbox.class).stop();
			assertThat(Browser.location(askReset(origin, user.getEmail()))).endsWith("/accounts/password/reset/sent");
			Browser browser = new Browser();
			HttpResponse<String> form = browser.get(origin + "/accounts/register");
			assertThat(Browser.location(signUp(browser, form, signUpEmail))).endsWith("/accounts/register/sent");

			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT kind FROM sso_outbox WHERE attempts = 0 ORDER BY id", String.class))
				.containsExactly("password-reset", "signup");
			for (byte[] payload : jdbc.queryForList("SELECT payload FROM sso_outbox", byte[].class)) {
				assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD)
					.doesNotContain(signUpEmail)
					.doesNotContain(user.getEmail());
			}
			assertThat(first.getBean(UserRepository.class).findByEmail(signUpEmail)).isEmpty();
		}

		try (ConfigurableApplicationContext second = ProviderTestInitializer.start(properties)) {
			MimeMessage verify = TestMail.await(signUpEmail, 1);
			assertThat(TestMail.subject(verify)).isEqualTo("Confirm your email address");
			assertThat(TestMail.subject(TestMail.await(user.getEmail(), 1))).isEqualTo("Reset your password");
			assertThat(second.getBean(UserRepository.class).findByEmail(signUpEmail))
				.hasValueSatisfying((account) -> assertThat(account.getStatus()).isEqualTo(UserStatus.UNVERIFIED));
			JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> waiting(jdbc, "mail") == 0);
			assertThat(waiting(jdbc, "signup") + waiting(jdbc, "password-reset")).isZero();
			assertThat(TestMail.to(signUpEmail)).hasSize(1);
			assertThat(TestMail.to(user.getEmail())).hasSize(1);
		}
	}

	@Test
	void mailWhenServerKeepsFailingThenTriedAgainLaterAndFinallyMarkedFailedAndAudited() {
		Map<String, Object> properties = withMailAt(ProviderTestInitializer.properties(),
				ProviderTestInitializer.freePort());
		// Whole seconds: MariaDB keeps these times to the second through Connector/J.
		properties.put("microsys.sso.outbox.initial-backoff", "2s");
		properties.put("microsys.sso.outbox.max-backoff", "3s");
		properties.put("microsys.sso.outbox.attempts", "3");
		try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
			SsoUser user = new TestFixtures(provider).user();
			JdbcTemplate jdbc = provider.getBean(JdbcTemplate.class);
			assertThat(Browser.location(askReset(origin(properties), user.getEmail())))
				.endsWith("/accounts/password/reset/sent");

			// After the first failure the message waits the initial back-off before its next try.
			record Retry(Duration backoff, String lastError) {
			}
			Retry afterFirst = await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.query(
						"SELECT created_at, next_attempt_at, last_error FROM sso_outbox "
								+ "WHERE kind = 'mail' AND attempts = 1 AND claimed_until IS NULL",
						(rs, row) -> new Retry(Duration.between(rs.getTimestamp(1).toInstant(),
								rs.getTimestamp(2).toInstant()), rs.getString(3))),
						(rows) -> !rows.isEmpty())
				.get(0);
			assertThat(afterFirst.backoff()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
			assertThat(afterFirst.lastError()).isNotBlank().doesNotContain("/accounts/");

			await().atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.queryForObject(
						"SELECT COUNT(*) FROM sso_outbox WHERE kind = 'mail' AND state = 'FAILED' AND attempts = 3",
						Integer.class) == 1);
			// Audited right after it is marked.
			Map<String, Object> audited = await().atMost(Duration.ofSeconds(5))
				.until(() -> jdbc.queryForList(
						"SELECT reason, detail FROM sso_audit_event WHERE event_type = 'OUTBOX_FAILED'"),
						(rows) -> rows.size() == 1)
				.get(0);
			assertThat(audited.get("reason")).isEqualTo("mail");
			assertThat((String) audited.get("detail")).contains("attempts=3").doesNotContain("/accounts/");
			// Failed for good: no further try, and the message (with its link) is erased.
			Map<String, Object> failed = jdbc.queryForMap("SELECT attempts, payload FROM sso_outbox WHERE state = 'FAILED'");
			assertThat(failed.get("attempts")).isEqualTo(3);
			assertThat((byte[]) failed.get("payload")).isEmpty();
		}
	}

	@Test
	void resetWhenSignUpsFloodThenResetRequestsAreStillAccepted() throws Exception {
		Map<String, Object> properties = ProviderTestInitializer.properties();
		properties.put("microsys.sso.registration.ip-threshold", "1000000");
		// At most 20 sign-ups wait: a flood from six browsers overflows it.
		properties.put("microsys.sso.outbox.signup-max-pending", "20");
		String origin = origin(properties);
		try (ConfigurableApplicationContext provider = ProviderTestInitializer.start(properties)) {
			openRegistration(provider);
			SsoUser user = new TestFixtures(provider).user();
			ExecutorService pool = Executors.newFixedThreadPool(7);
			try {
				List<Future<List<Integer>>> flood = new ArrayList<>();
				for (int t = 0; t < 6; t++) {
					flood.add(pool.submit(() -> {
						Browser browser = new Browser();
						HttpResponse<String> form = browser.get(origin + "/accounts/register");
						List<Integer> statuses = new ArrayList<>();
						for (int i = 0; i < 50; i++) {
							statuses.add(signUp(browser, form, TestFixtures.unique("flood") + "@example.com").statusCode());
						}
						return statuses;
					}));
				}
				AtomicBoolean flooding = new AtomicBoolean(true);
				Future<Map<Integer, Integer>> resets = pool.submit(() -> {
					Map<Integer, Integer> statuses = new HashMap<>();
					while (flooding.get()) {
						statuses.merge(askReset(origin, user.getUsername()).statusCode(), 1, Integer::sum);
					}
					return statuses;
				});
				List<Integer> signUps = new ArrayList<>();
				try {
					for (Future<List<Integer>> each : flood) {
						signUps.addAll(each.get(180, TimeUnit.SECONDS));
					}
				}
				finally {
					flooding.set(false);
				}
				assertThat(signUps).as("the flood went past the sign-up limit").contains(503);
				assertThat(resets.get(60, TimeUnit.SECONDS)).as("reset requests answered during the flood")
					.containsOnlyKeys(302);
			}
			finally {
				pool.shutdownNow();
			}
			TestMail.await(user.getEmail(), 1);
		}
	}

}
