package io.microsys.sso.provider.throttle;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.CountingPasswordChecks;
import io.microsys.sso.provider.support.MovableClock;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many guesses for one person sent at the same moment: each is counted before its password or
 * code is checked, so no more than the threshold (5) are checked and the rest get the throttled
 * answer. The first block lasts 10 minutes here, so the burst cannot outlast it on a slow machine;
 * nothing measures time. Password checks are counted by {@link CountingPasswordChecks}.
 */
@ProviderIntegrationTest
@Import(CountingPasswordChecks.class)
@TestPropertySource(properties = { "microsys.sso.login-throttle.initial-block=10m",
		"microsys.sso.client-throttle.initial-block=10m" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottleBurstTests {

	private static final int THRESHOLD = 5;

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	private ExecutorService pool;

	ThrottleBurstTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeAll
	void startThreads() {
		this.pool = Executors.newFixedThreadPool(16);
	}

	@AfterAll
	void stopThreads() {
		this.pool.shutdownNow();
	}

	@Test
	void signInWhenTwelveWrongPasswordsAtOnceThenOnlyTheThresholdIsCheckedAndTheRightOneIsRefusedAfter()
			throws Exception {
		SsoUser user = this.provider.fixtures().user();
		String guess = "burst-" + UUID.randomUUID() + "-";
		List<Browser> browsers = new ArrayList<>();
		List<HttpResponse<String>> pages = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Browser browser = new Browser();
			browsers.add(browser);
			pages.add(browser.get(origin() + "/accounts/login"));
		}

		List<String> answers = all(12, (i) -> Browser.location(browsers.get(i)
			.submitForm(pages.get(i), Map.of("username", user.getUsername(), "password", guess + i))));

		assertThat(answers).filteredOn((location) -> location.endsWith("/accounts/login?error")).hasSize(THRESHOLD);
		assertThat(answers).filteredOn((location) -> location.endsWith("/accounts/login?error=throttled"))
			.hasSize(12 - THRESHOLD);
		assertThat(CountingPasswordChecks.checks(guess)).as("passwords hashed").isEqualTo(THRESHOLD);
		assertThat(events("LOGIN_FAILURE", "username", user.getUsername())).isEqualTo(THRESHOLD);
		assertThat(events("LOGIN_THROTTLED", "username", user.getUsername())).isEqualTo(12 - THRESHOLD);

		Browser person = new Browser();
		HttpResponse<String> page = person.get(origin() + "/accounts/login");
		assertThat(Browser.location(person.submitForm(page,
				Map.of("username", user.getUsername(), "password", TestFixtures.PASSWORD))))
			.as("the right password while blocked")
			.endsWith("/accounts/login?error=throttled");
	}

	@Test
	void signInWhenWrongPasswordsAtOnceStayBelowTheThresholdThenTheRightOneSignsInAndClearsTheCount()
			throws Exception {
		SsoUser user = this.provider.fixtures().user();
		for (int round = 0; round < 2; round++) {
			String guess = "below-" + UUID.randomUUID() + "-";
			List<Browser> browsers = new ArrayList<>();
			List<HttpResponse<String>> pages = new ArrayList<>();
			for (int i = 0; i < THRESHOLD - 1; i++) {
				Browser browser = new Browser();
				browsers.add(browser);
				pages.add(browser.get(origin() + "/accounts/login"));
			}

			List<String> answers = all(THRESHOLD - 1, (i) -> Browser.location(browsers.get(i)
				.submitForm(pages.get(i), Map.of("username", user.getUsername(), "password", guess + i))));

			assertThat(answers).allSatisfy((location) -> assertThat(location).endsWith("/accounts/login?error"));
			assertThat(CountingPasswordChecks.checks(guess)).isEqualTo(THRESHOLD - 1);
			// Twice in a row: the second round is not blocked only if the right password cleared the count.
			Pages.signedIn(origin(), user);
		}
		assertThat(events("LOGIN_THROTTLED", "username", user.getUsername())).isZero();
	}

	@Test
	void challengeWhenEightWrongCodesAtOnceThenOnlyTheThresholdIsCheckedAndTheRightCodeIsRefusedAfter()
			throws Exception {
		TestFixtures fixtures = this.provider.fixtures();
		SsoUser user = fixtures.user();
		Authenticator phone = fixtures.authenticator(user);
		Browser browser = new Browser();
		HttpResponse<String> challenge = Pages.password(browser, origin(), user.getUsername(), TestFixtures.PASSWORD);
		assertThat(challenge.uri().getPath()).isEqualTo("/accounts/login/challenge");

		List<String> answers = all(8, (i) -> Browser.location(browser.submitForm(challenge, "form#challenge",
				Map.of("code", String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000))))));

		assertThat(answers).filteredOn((location) -> location.endsWith("/accounts/login/challenge?error"))
			.hasSize(THRESHOLD);
		assertThat(answers).filteredOn((location) -> location.endsWith("/accounts/login/challenge?error=throttled"))
			.hasSize(8 - THRESHOLD);
		assertThat(events("SECOND_FACTOR_FAILED", "user_uuid", user.getUuid())).isEqualTo(THRESHOLD);
		assertThat(events("SECOND_FACTOR_THROTTLED", "user_uuid", user.getUuid())).isEqualTo(8 - THRESHOLD);

		assertThat(Browser.location(browser.submitForm(challenge, "form#challenge", Map.of("code", phone.nextCode()))))
			.as("the right code while blocked")
			.endsWith("/accounts/login/challenge?error=throttled");
	}

	@Test
	void currentPasswordWhenEightWrongOnesAtOnceThenOnlyTheThresholdIsCheckedAndTheRightOneIsRefusedAfter()
			throws Exception {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(origin(), user);
		String csrf = Browser.csrfToken(browser.get(origin() + "/accounts/profile"));
		String guess = "current-" + UUID.randomUUID() + "-";

		List<String> answers = all(8, (i) -> Browser.location(browser
			.post(origin() + "/accounts/profile/sessions/end-others", form(csrf, guess + i))));

		assertThat(answers).filteredOn((location) -> location.contains("error=wrong")).hasSize(THRESHOLD);
		assertThat(answers).filteredOn((location) -> location.contains("error=blocked")).hasSize(8 - THRESHOLD);
		assertThat(CountingPasswordChecks.checks(guess)).as("passwords hashed").isEqualTo(THRESHOLD);
		assertThat(events("REAUTHENTICATION_FAILED", "user_uuid", user.getUuid())).isEqualTo(THRESHOLD);

		assertThat(Browser.location(browser.post(origin() + "/accounts/profile/sessions/end-others",
				form(csrf, TestFixtures.PASSWORD))))
			.as("the right password while blocked")
			.contains("error=blocked");
	}

	@Test
	void signInWhenManyRightPasswordsFromOneAddressThenTheAddressIsNotSlowedDown() {
		LoginThrottle throttle = new LoginThrottle(this.jdbc,
				new MovableClock(Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS)),
				new LoginThrottleProperties(), new ClientThrottleProperties());
		String office = "192.0.2." + ThreadLocalRandom.current().nextInt(250);
		for (int i = 0; i < 30; i++) {
			LoginThrottle.Attempt attempt = throttle.signIn(TestFixtures.unique("colleague"), office, () -> false);
			assertThat(attempt.refused()).as("sign-in %d", i + 1).isEmpty();
			throttle.succeeded(attempt);
		}
		LoginThrottle.Attempt wrong = throttle.signIn(TestFixtures.unique("colleague"), office, () -> false);
		assertThat(wrong.refused()).isEmpty();
		throttle.failed(wrong);
		assertThat(throttle.blocked(TestFixtures.unique("colleague"), office)).isEmpty();
	}

	private static Map<String, String> form(String csrf, String currentPassword) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("currentPassword", currentPassword);
		form.put("_csrf", csrf);
		return form;
	}

	private String origin() {
		return this.provider.origin();
	}

	private long events(String type, String column, String value) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND " + column + " = ?", Long.class, type,
				value);
	}

	private <T> List<T> all(int threads, Simultaneous.Task<T> task) throws Exception {
		return Simultaneous.all(this.pool, threads, task);
	}

}
