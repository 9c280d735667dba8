package io.microsys.sso.provider.twofactor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Authenticator-app keys and backup codes as stored in the database (H2 and MariaDB). */
@ProviderIntegrationTest
class SecondFactorStoreTests {

	final Provider provider;

	@Autowired
	TotpStore totpStore;

	@Autowired
	BackupCodes backupCodes;

	@Autowired
	EmailCodes emailCodes;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Clock clock;

	SsoUser user;

	/** The time step when the test started: codes are relative to it, so a step boundary crossed
	 * during the test does not change which code is which. */
	long baseStep;

	SecondFactorStoreTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.user = this.provider.fixtures().user();
		this.baseStep = Totp.step(this.clock.instant());
	}

	private String code(TotpEnrolment enrolment, long stepOffset) {
		return Totp.standard().code(Base32.decode(enrolment.key()), this.baseStep + stepOffset);
	}

	@Test
	void totpWhenStartedThenKeyAndUriForAuthenticatorAppsAndEncryptedAtRest() {
		TotpEnrolment enrolment = this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername());

		byte[] secret = Base32.decode(enrolment.key());
		assertThat(secret).hasSize(20);
		assertThat(enrolment.uri()).startsWith("otpauth://totp/Microsys%20SSO:" + this.user.getUsername() + "?secret=")
			.contains("secret=" + enrolment.key())
			.contains("&issuer=Microsys%20SSO&algorithm=SHA1&digits=6&period=30");
		assertThat(enrolment.toString()).doesNotContain(enrolment.key());
		byte[] stored = this.jdbc.queryForObject("SELECT secret_box FROM sso_user_totp WHERE user_id = ?",
				byte[].class, this.user.getId());
		assertThat(new String(stored, StandardCharsets.ISO_8859_1))
			.doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
			.doesNotContain(enrolment.key());
		assertThat(this.totpStore.isEnrolled(this.user.getId())).isFalse();
	}

	@Test
	void totpWhenConfirmedThenEnrolledAndEveryCodeSingleUse() {
		TotpEnrolment enrolment = this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername());
		assertThat(this.totpStore.confirm(this.user.getId(), "000000".equals(code(enrolment, 0)) ? "111111" : "000000"))
			.isFalse();
		assertThat(this.totpStore.verify(this.user.getId(), code(enrolment, 0))).as("not confirmed yet").isFalse();

		assertThat(this.totpStore.confirm(this.user.getId(), code(enrolment, 0))).isTrue();

		assertThat(this.totpStore.isEnrolled(this.user.getId())).isTrue();
		assertThat(this.totpStore.verify(this.user.getId(), code(enrolment, 0))).as("replay of the first code")
			.isFalse();
		assertThat(this.totpStore.verify(this.user.getId(), code(enrolment, 1))).as("next step, within drift").isTrue();
		assertThat(this.totpStore.verify(this.user.getId(), code(enrolment, 1))).as("replay").isFalse();
		assertThat(this.totpStore.verify(this.user.getId(), code(enrolment, -1))).as("an older step").isFalse();
		assertThat(this.totpStore.verify(this.user.getId(), code(enrolment, 3))).as("too far ahead").isFalse();
	}

	@Test
	void totpWhenAlreadyEnrolledThenNoSecondKeyUntilRemoved() {
		TotpEnrolment enrolment = this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername());
		this.totpStore.confirm(this.user.getId(), code(enrolment, 0));

		assertThatIllegalStateException()
			.isThrownBy(() -> this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername()));
		this.totpStore.remove(this.user.getId());
		assertThat(this.totpStore.isEnrolled(this.user.getId())).isFalse();
		assertThat(this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername()).key())
			.isNotEqualTo(enrolment.key());
	}

	@Test
	void twoStepFlagWhenFactorsAddedAndRemovedThenFollowsThem() {
		TotpEnrolment enrolment = this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername());
		assertThat(twoStepFlag()).as("an app not yet confirmed").isFalse();
		this.totpStore.confirm(this.user.getId(), code(enrolment, 0));
		assertThat(twoStepFlag()).isTrue();
		this.totpStore.remove(this.user.getId());
		assertThat(twoStepFlag()).isFalse();
		this.emailCodes.enable(this.user.getId());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_email_factor WHERE user_id = ?", Integer.class,
				this.user.getId())).as("email factor rows").isEqualTo(1);
		assertThat(twoStepFlag()).as("email codes").isTrue();
		enrolment = this.totpStore.start(this.user.getId(), "Microsys SSO", this.user.getUsername());
		this.totpStore.confirm(this.user.getId(), code(enrolment, 1));
		this.emailCodes.disable(this.user.getId());
		assertThat(twoStepFlag()).as("the app remains").isTrue();
		this.totpStore.remove(this.user.getId());
		assertThat(twoStepFlag()).isFalse();
	}

	private boolean twoStepFlag() {
		return this.jdbc.queryForObject("SELECT two_step FROM sso_user WHERE id = ?", Boolean.class,
				this.user.getId());
	}

	@Test
	void backupCodesWhenGeneratedThenTenDistinctCodesStoredOnlyAsHashes() {
		List<String> codes = this.backupCodes.regenerate(this.user.getId());

		assertThat(codes).hasSize(10).allMatch((code) -> code.matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}"));
		assertThat(new HashSet<>(codes)).hasSize(10);
		List<String> hashes = this.jdbc.queryForList("SELECT code_hash FROM sso_backup_code WHERE user_id = ?",
				String.class, this.user.getId());
		assertThat(hashes).hasSize(10).allMatch((hash) -> hash.startsWith("{argon2}"));
		assertThat(String.join(" ", hashes)).doesNotContain(BackupCodes.normalize(codes.get(0)));
		assertThat(this.backupCodes.remaining(this.user.getId())).isEqualTo(10);
	}

	@Test
	void backupCodeWhenUsedThenAcceptedOnceHoweverTyped() {
		List<String> codes = this.backupCodes.regenerate(this.user.getId());
		String typed = " " + codes.get(3).toUpperCase().replace("-", " ") + " ";

		assertThat(this.backupCodes.use(this.user.getId(), typed)).isTrue();
		assertThat(this.backupCodes.use(this.user.getId(), codes.get(3))).isFalse();
		assertThat(this.backupCodes.use(this.user.getId(), "abcd-efgh-jkmn")).isFalse();
		assertThat(this.backupCodes.use(this.user.getId(), "short")).isFalse();
		assertThat(this.backupCodes.remaining(this.user.getId())).isEqualTo(9);
	}

	@Test
	void backupCodesWhenRegeneratedThenEarlierCodesNoLongerWork() {
		List<String> first = this.backupCodes.regenerate(this.user.getId());

		List<String> second = this.backupCodes.regenerate(this.user.getId());

		assertThat(this.backupCodes.use(this.user.getId(), first.get(0))).isFalse();
		assertThat(this.backupCodes.use(this.user.getId(), second.get(0))).isTrue();
		this.backupCodes.removeAll(this.user.getId());
		assertThat(this.backupCodes.remaining(this.user.getId())).isZero();
	}

}
