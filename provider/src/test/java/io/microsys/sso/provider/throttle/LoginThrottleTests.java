package io.microsys.sso.provider.throttle;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.MovableClock;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing is slowed down per username and per address, in the database, the same way
 * whether the account exists or not; a lock is short, grows only with real failures, and ends.
 */
@ProviderIntegrationTest
class LoginThrottleTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditEventRepository auditEvents;

	LoginThrottleTests(Provider provider) {
		this.provider = provider;
	}

	private String signIn(Browser browser, String username, String password) {
		String loginUrl = this.provider.issuer().replace("/o", "/accounts/login");
		HttpResponse<String> page = browser.get(loginUrl);
		HttpResponse<String> answer = browser.submitForm(page, Map.of("username", username, "password", password));
		return Browser.location(answer);
	}

	@Test
	void signInWhenFiveWrongPasswordsThenEvenTheRightOneIsRefusedForAWhile() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = new Browser();
		for (int i = 0; i < 5; i++) {
			assertThat(signIn(browser, user.getUsername(), "wrong-password-" + i)).endsWith("/accounts/login?error");
		}
		this.provider.fixtures().failedSignIns(user.getUsername(), 5);

		String blocked = signIn(browser, user.getUsername(), TestFixtures.PASSWORD);

		assertThat(blocked).endsWith("/accounts/login?error=throttled");
		assertThat(browser.get(blocked).body()).contains("Too many failed sign-ins");
		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGIN_THROTTLED"))
			.anySatisfy((event) -> {
				assertThat(event.getUsername()).isEqualTo(user.getUsername());
				assertThat(event.getReason()).isEqualTo("account");
			});
	}

	@Test
	void signInWhenUsernameDoesNotExistThenExactlyTheSameAnswers() {
		String nobody = TestFixtures.unique("nobody");
		SsoUser somebody = this.provider.fixtures().user();
		Browser browser = new Browser();
		for (int i = 0; i < 5; i++) {
			assertThat(signIn(browser, nobody, "wrong-password-" + i))
				.isEqualTo(signIn(browser, somebody.getUsername(), "wrong-password-" + i));
		}
		this.provider.fixtures().failedSignIns(nobody, 5);
		this.provider.fixtures().failedSignIns(somebody.getUsername(), 5);

		assertThat(signIn(browser, nobody, "anything-at-all"))
			.isEqualTo(signIn(browser, somebody.getUsername(), TestFixtures.PASSWORD))
			.endsWith("/accounts/login?error=throttled");
	}

	@Test
	void signInWhenRightPasswordBeforeTheThresholdThenCountStartsOver() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = new Browser();
		for (int i = 0; i < 4; i++) {
			signIn(browser, user.getUsername(), "wrong-password-" + i);
		}
		assertThat(signIn(browser, user.getUsername(), TestFixtures.PASSWORD)).doesNotContain("error");

		Browser other = new Browser();
		for (int i = 0; i < 4; i++) {
			signIn(other, user.getUsername(), "wrong-password-" + i);
		}
		assertThat(signIn(other, user.getUsername(), TestFixtures.PASSWORD)).doesNotContain("error");
	}

	@Test
	void throttleWhenBlockedThenLockDoublesOnlyWithFailuresAndEnds() {
		MovableClock clock = new MovableClock(tomorrow());
		LoginThrottle throttle = new LoginThrottle(this.jdbc, clock, new LoginThrottleProperties(), new ClientThrottleProperties());
		String username = TestFixtures.unique("target");
		for (int i = 0; i < 4; i++) {
			throttle.failed(username, null);
		}
		assertThat(throttle.blocked(username, null)).isEmpty();

		throttle.failed(username, null);
		assertThat(throttle.blocked(username, null)).get()
			.satisfies((block) -> assertThat(block.until()).isEqualTo(clock.instant().plusSeconds(1)));
		throttle.failed(username, null);
		assertThat(throttle.blocked(username, null).get().until()).isEqualTo(clock.instant().plusSeconds(2));
		for (int i = 0; i < 20; i++) {
			throttle.failed(username, null);
		}
		assertThat(throttle.blocked(username, null).get().until()).as("capped at 15 minutes")
			.isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));

		clock.advance(Duration.ofMinutes(15).plusSeconds(1));
		assertThat(throttle.blocked(username, null)).as("the lock ends").isEmpty();
		clock.advance(Duration.ofHours(1));
		throttle.failed(username, null);
		assertThat(throttle.blocked(username, null)).as("old failures forgotten").isEmpty();
	}

	@Test
	void throttleWhenOneAddressTriesManyUsernamesThenThatAddressIsSlowedDown() {
		MovableClock clock = new MovableClock(tomorrow());
		LoginThrottle throttle = new LoginThrottle(this.jdbc, clock, new LoginThrottleProperties(), new ClientThrottleProperties());
		String attacker = "203.0.113." + (int) (Math.random() * 250);
		for (int i = 0; i < 20; i++) {
			throttle.failed(TestFixtures.unique("spray"), attacker);
		}

		assertThat(throttle.blocked(TestFixtures.unique("fresh"), attacker)).get()
			.satisfies((block) -> assertThat(block.reason()).isEqualTo("ip"));
		assertThat(throttle.blocked(TestFixtures.unique("fresh"), "198.51.100.1")).isEmpty();
	}

	@Test
	void mayMailWhenOneAddressAsksForManyEmailsThenRefusedForAWhileAndOthersNot() {
		MovableClock clock = new MovableClock(tomorrow());
		LoginThrottle throttle = new LoginThrottle(this.jdbc, clock, new LoginThrottleProperties(), new ClientThrottleProperties());
		String sender = "2001:db8::" + Integer.toHexString((int) (Math.random() * 65_000));
		for (int i = 0; i < 10; i++) {
			assertThat(throttle.mayMail(sender)).as("email " + (i + 1)).isTrue();
		}
		assertThat(throttle.mayMail(sender)).isFalse();
		assertThat(throttle.mayMail("2001:db8::ffff:1")).isTrue();
		// Asking for mail does not slow down the address's sign-ins.
		assertThat(throttle.blocked(TestFixtures.unique("someone"), sender)).isEmpty();

		clock.advance(Duration.ofSeconds(2));
		assertThat(throttle.mayMail(sender)).as("the block ends").isTrue();
		assertThat(throttle.mayMail(sender)).as("and the next request blocks it longer").isFalse();
	}

	@Test
	void throttleWhenStoredThenUsernamesOnlyAsHashes() {
		String username = TestFixtures.unique("private");
		new LoginThrottle(this.jdbc, Clock.systemUTC(), new LoginThrottleProperties(), new ClientThrottleProperties()).failed(username, null);

		assertThat(this.jdbc.queryForList("SELECT throttle_key FROM sso_login_throttle", String.class))
			.noneMatch((key) -> key.contains(username));
	}

	@Test
	void failedWhenASignInOfTheSameAccountForgetsTheFailuresMeanwhileThenCountedWithoutError() {
		String username = TestFixtures.unique("race");
		// Between counting a failure and reading the count back, a right password or code of the same
		// account (another browser) deletes the row.
		JdbcTemplate racing = new JdbcTemplate(this.jdbc.getDataSource()) {
			@Override
			public int update(String sql, Object... args) {
				int updated = super.update(sql, args);
				if (sql.startsWith("UPDATE sso_login_throttle SET failures = CASE WHEN updated_at")) {
					super.update("DELETE FROM sso_login_throttle WHERE throttle_key = ?", args[args.length - 1]);
				}
				return updated;
			}
		};
		LoginThrottle throttle = new LoginThrottle(racing, Clock.systemUTC(), new LoginThrottleProperties(), new ClientThrottleProperties());

		throttle.failed(username, null);
		throttle.failed(username, null);
		throttle.secondFactorFailed(username, null);
		throttle.secondFactorFailed(username, null);

		assertThat(throttle.blocked(username, null)).isEmpty();
	}

	/** Ahead of the real clock, so the scheduled clean-up never removes these rows mid-test. */
	@Test
	void signUpLimitWhenAddressUsedItsHourThenRefusedUntilTheHourEnds() {
		MovableClock clock = new MovableClock(tomorrow());
		LoginThrottle throttle = new LoginThrottle(this.jdbc, clock, new LoginThrottleProperties(), new ClientThrottleProperties());
		String address = "198.18." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
		for (int i = 0; i < 3; i++) {
			assertThat(throttle.mayRegister(address, 3)).as("attempt %d", i + 1).isTrue();
			clock.advance(Duration.ofMinutes(10));
		}
		assertThat(throttle.mayRegister(address, 3)).as("the fourth within the hour").isFalse();
		assertThat(throttle.mayRegister("198.19.0.1", 3)).as("another address").isTrue();
		// The hour counts from the first attempt: 30 minutes later, the address starts over.
		clock.advance(Duration.ofMinutes(30).plusSeconds(1));
		assertThat(throttle.mayRegister(address, 3)).isTrue();
		assertThat(throttle.mayRegister(address, 3)).isTrue();
	}

	@Test
	void oncePerWhenAskedAgainWithinThePeriodThenNoUntilItEnds() {
		MovableClock clock = new MovableClock(tomorrow());
		LoginThrottle throttle = new LoginThrottle(this.jdbc, clock, new LoginThrottleProperties(), new ClientThrottleProperties());
		String what = TestFixtures.unique("notice");
		assertThat(throttle.oncePer(what, Duration.ofHours(1))).isTrue();
		assertThat(throttle.oncePer(what, Duration.ofHours(1))).isFalse();
		assertThat(throttle.oncePer(TestFixtures.unique("other"), Duration.ofHours(1))).isTrue();
		clock.advance(Duration.ofMinutes(59));
		assertThat(throttle.oncePer(what, Duration.ofHours(1))).isFalse();
		clock.advance(Duration.ofMinutes(1));
		assertThat(throttle.oncePer(what, Duration.ofHours(1))).isTrue();
		assertThat(throttle.oncePer(what, Duration.ofHours(1))).isFalse();
	}

	private static Instant tomorrow() {
		return Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
	}

}
