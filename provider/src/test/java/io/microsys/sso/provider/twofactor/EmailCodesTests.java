package io.microsys.sso.provider.twofactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.support.MovableClock;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emailed codes in the database, on a clock the test moves: expiry, attempt limit, resend
 * cooldown, single use, and nothing but an HMAC stored.
 */
@ProviderIntegrationTest
class EmailCodesTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MasterKey masterKey;

	MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

	EmailCodes codes;

	SsoUser user;

	EmailCodesTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		TwoFactorProperties properties = new TwoFactorProperties();
		properties.setEmailCodes(true);
		this.codes = new EmailCodes(this.jdbc, this.masterKey, this.clock, properties);
		this.user = this.provider.fixtures().user();
		this.codes.enable(this.user.getId());
	}

	private String issue() {
		Optional<String> code = this.codes.issue(this.user.getId()).code();
		assertThat(code).isPresent();
		return code.get();
	}

	private static String other(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
	}

	@Test
	void issueWhenCalledThenSixDigitsAndOnlyAnHmacStored() {
		String code = issue();
		assertThat(code).matches("\\d{6}");
		String stored = this.jdbc.queryForObject("SELECT code_hash FROM sso_email_code WHERE user_id = ?", String.class,
				this.user.getId());
		assertThat(stored).hasSize(64).doesNotContain(code);
	}

	@Test
	void verifyWhenRightCodeThenAcceptedOnce() {
		String code = issue();
		assertThat(this.codes.verify(this.user.getId(), code)).isTrue();
		assertThat(this.codes.verify(this.user.getId(), code)).isFalse();
	}

	@Test
	void verifyWhenExpiredThenRefused() {
		String code = issue();
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
		assertThat(this.codes.verify(this.user.getId(), code)).isFalse();
	}

	@Test
	void verifyWhenJustBeforeExpiryThenAccepted() {
		String code = issue();
		this.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
		assertThat(this.codes.verify(this.user.getId(), code)).isTrue();
	}

	@Test
	void verifyWhenFourWrongTriesThenTheRightCodeStillWorks() {
		String code = issue();
		for (int i = 0; i < 4; i++) {
			assertThat(this.codes.verify(this.user.getId(), other(code))).isFalse();
		}
		assertThat(this.codes.verify(this.user.getId(), code)).isTrue();
	}

	@Test
	void verifyWhenFiveWrongTriesThenEvenTheRightCodeIsVoid() {
		String code = issue();
		for (int i = 0; i < 5; i++) {
			assertThat(this.codes.verify(this.user.getId(), other(code))).isFalse();
		}
		assertThat(this.codes.verify(this.user.getId(), code)).isFalse();
	}

	@Test
	void issueWhenAskedAgainWithinCooldownThenNoNewCodeUntil120Seconds() {
		String first = issue();
		this.clock.advance(Duration.ofSeconds(119));
		EmailCodes.Issued refused = this.codes.issue(this.user.getId());
		assertThat(refused.code()).isEmpty();
		assertThat(refused.nextAllowed()).isEqualTo(Instant.parse("2026-03-01T10:02:00Z"));
		assertThat(this.codes.verify(this.user.getId(), first)).isTrue();

		this.clock.advance(Duration.ofSeconds(1));
		String second = issue();
		assertThat(this.codes.verify(this.user.getId(), second)).isTrue();
	}

	@Test
	void issueWhenNewCodeThenOldOneVoid() {
		String first = issue();
		this.clock.advance(Duration.ofMinutes(3));
		String second = issue();
		if (!first.equals(second)) {
			assertThat(this.codes.verify(this.user.getId(), first)).isFalse();
		}
		assertThat(this.codes.verify(this.user.getId(), second)).isTrue();
	}

	@Test
	void verifyWhenEmailCodesTurnedOffOrNotOfferedThenRefused() {
		String code = issue();
		TwoFactorProperties off = new TwoFactorProperties();
		EmailCodes notOffered = new EmailCodes(this.jdbc, this.masterKey, this.clock, off);
		assertThat(notOffered.isEnabled(this.user.getId())).isFalse();
		assertThat(notOffered.verify(this.user.getId(), code)).isFalse();
		this.codes.disable(this.user.getId());
		assertThat(this.codes.verify(this.user.getId(), code)).isFalse();
	}

	@Test
	void verifyWhenMalformedInputThenRefusedWithoutCountingAsTry() {
		String code = issue();
		for (String typed : new String[] { null, "", "12345", "1234567", "abcdef", "12 34 5x" }) {
			assertThat(this.codes.verify(this.user.getId(), typed)).isFalse();
		}
		assertThat(this.codes.verify(this.user.getId(), code.substring(0, 3) + " " + code.substring(3))).isTrue();
	}

}
