package io.microsys.sso.provider.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import io.microsys.sso.provider.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

class CachingSecretVerifierTests {

	/**
	 * A slow hash stand-in that counts how often it is really computed; hashes with the prefix
	 * {@code {old}} are of an outdated setting.
	 */
	static final class CountingEncoder implements PasswordEncoder {

		final AtomicInteger matches = new AtomicInteger();

		@Override
		public String encode(CharSequence raw) {
			return "{test}" + raw.toString().hashCode();
		}

		String encodeOutdated(CharSequence raw) {
			return "{old}" + raw.toString().hashCode();
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			this.matches.incrementAndGet();
			return encode(raw).equals(encoded) || encodeOutdated(raw).equals(encoded);
		}

		@Override
		public boolean upgradeEncoding(String encoded) {
			return encoded.startsWith("{old}");
		}

	}

	/** What the verifier asked to store: old hash to new hash. */
	Map<String, String> rehashed = new ConcurrentHashMap<>();

	CountingEncoder delegate = new CountingEncoder();

	MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	CachingSecretVerifier verifier = new CachingSecretVerifier(this.delegate, this.clock, Duration.ofMinutes(10), 3,
			this.rehashed::put);

	@Test
	void matchesWhenSameSecretPresentedAgainThenHashComputedOnce() {
		String stored = this.delegate.encode("s3cret");

		for (int i = 0; i < 100; i++) {
			assertThat(this.verifier.matches("s3cret", stored)).isTrue();
		}

		assertThat(this.delegate.matches).hasValue(1);
	}

	@Test
	void matchesWhenWrongSecretThenNeverCached() {
		String stored = this.delegate.encode("s3cret");

		assertThat(this.verifier.matches("guess", stored)).isFalse();
		assertThat(this.verifier.matches("guess", stored)).isFalse();

		assertThat(this.delegate.matches).hasValue(2);
		assertThat(this.verifier.size()).isZero();
	}

	@Test
	void matchesWhenSecretChangedThenOldSecretNoLongerAccepted() {
		String oldHash = this.delegate.encode("old-secret");
		assertThat(this.verifier.matches("old-secret", oldHash)).isTrue();
		String newHash = this.delegate.encode("new-secret");

		assertThat(this.verifier.matches("old-secret", newHash)).isFalse();
		assertThat(this.verifier.matches("new-secret", newHash)).isTrue();
	}

	@Test
	void matchesWhenEntryExpiredThenVerifiedAgain() {
		String stored = this.delegate.encode("s3cret");
		this.verifier.matches("s3cret", stored);

		this.clock.advance(Duration.ofMinutes(11));

		assertThat(this.verifier.matches("s3cret", stored)).isTrue();
		assertThat(this.delegate.matches).hasValue(2);
	}

	@Test
	void matchesWhenMoreClientsThanCapacityThenCacheStaysBounded() {
		for (int i = 0; i < 10; i++) {
			String secret = "secret-" + i;
			this.verifier.matches(secret, this.delegate.encode(secret));
		}

		assertThat(this.verifier.size()).isEqualTo(3);
	}

	@Test
	void matchesWhenNullOrOversizedThenFalseWithoutHashing() {
		assertThat(this.verifier.matches(null, "{test}1")).isFalse();
		assertThat(this.verifier.matches("x".repeat(10_000), "{test}1")).isFalse();
		assertThat(this.delegate.matches).hasValue(0);
	}

	@Test
	void matchesWhenHashIsOfAnOutdatedSettingThenHashedAgainOnceAndTheServerNeverSavesTheApp() {
		String outdated = this.delegate.encodeOutdated("s3cret");

		for (int i = 0; i < 5; i++) {
			assertThat(this.verifier.matches("s3cret", outdated)).isTrue();
		}

		assertThat(this.rehashed).containsExactly(Map.entry(outdated, this.delegate.encode("s3cret")));
		assertThat(this.verifier.upgradeEncoding(outdated)).isFalse();
	}

	@Test
	void matchesWhenWrongSecretForAnOutdatedHashThenNothingStored() {
		assertThat(this.verifier.matches("guess", this.delegate.encodeOutdated("s3cret"))).isFalse();

		assertThat(this.rehashed).isEmpty();
	}

	@Test
	void matchesWhenStoringTheNewHashFailsThenTheRightSecretIsStillAccepted() {
		CachingSecretVerifier failing = new CachingSecretVerifier(this.delegate, this.clock, Duration.ofMinutes(10), 3,
				(oldHash, newHash) -> {
					throw new IllegalStateException("database unavailable");
				});

		assertThat(failing.matches("s3cret", this.delegate.encodeOutdated("s3cret"))).isTrue();
	}

	@Test
	void matchesWhenCacheSizeIsZeroThenEveryVerificationHashes() {
		CachingSecretVerifier uncached = new CachingSecretVerifier(this.delegate, this.clock, Duration.ofMinutes(10), 0,
				this.rehashed::put);
		String stored = this.delegate.encode("s3cret");

		assertThat(uncached.matches("s3cret", stored)).isTrue();
		assertThat(uncached.matches("s3cret", stored)).isTrue();

		assertThat(this.delegate.matches).hasValue(2);
		assertThat(uncached.size()).isZero();
	}

	@Test
	void matchesWhenRotatingThenBothSecretsCountUntilTheOverlapEndsEvenWhenCached() {
		String registered = ClientSecrets.registered(this.delegate.encode("new-secret"), this.delegate.encode("old-secret"),
				this.clock.instant().plus(Duration.ofMinutes(30)));

		assertThat(this.verifier.matches("old-secret", registered)).isTrue();
		assertThat(this.verifier.matches("new-secret", registered)).isTrue();
		assertThat(this.verifier.remembers("old-secret", registered)).isTrue();
		assertThat(this.verifier.matches("other", registered)).isFalse();

		this.clock.advance(Duration.ofMinutes(30));

		assertThat(this.verifier.remembers("old-secret", registered)).isFalse();
		assertThat(this.verifier.matches("old-secret", registered)).isFalse();
		assertThat(this.verifier.matches("new-secret", registered)).isTrue();
	}

	@Test
	void registeredWhenNoPreviousSecretThenThePlainHash() {
		assertThat(ClientSecrets.registered("{test}1", null, null)).isEqualTo("{test}1");
		assertThat(ClientSecrets.rotation("{test}1")).isEmpty();
		assertThat(ClientSecrets.generate()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(ClientSecrets.generate());
	}

}
