package io.microsys.sso.provider.api;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's per-caller token buckets, on a clock the test moves: a burst, then one request
 * per refill, never more than the burst saved up, a wait that says when the next request fits, and
 * callers that do not share a bucket.
 */
class ApiRateLimitsTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));

	private final ApiProperties properties = new ApiProperties();

	private final ApiRateLimits limits = new ApiRateLimits(this.properties, this.clock);

	private void limit(double perSecond, int burst) {
		this.properties.setRequestsPerSecond(perSecond);
		this.properties.setBurst(burst);
	}

	@Test
	void takeWhenBurstSpentThenRefusedWithTheWaitUntilTheNextRequestFits() {
		limit(2, 5);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limits.take("app:a")).as("request %d", i + 1).isZero();
		}
		assertThat(this.limits.take("app:a")).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(499));
		assertThat(this.limits.take("app:a")).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.limits.take("app:a")).isZero();
		assertThat(this.limits.take("app:a")).isEqualTo(1);
	}

	@Test
	void takeWhenRateBelowOnePerSecondThenWaitIsWholeSecondsRoundedUp() {
		limit(0.5, 1);
		assertThat(this.limits.take("person:p")).isZero();
		assertThat(this.limits.take("person:p")).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.limits.take("person:p")).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.limits.take("person:p")).isZero();
	}

	@Test
	void takeWhenIdleLongThenNoMoreThanTheBurstIsSavedUp() {
		limit(10, 3);
		this.limits.take("app:a");
		this.clock.advance(Duration.ofHours(1));
		for (int i = 0; i < 3; i++) {
			assertThat(this.limits.take("app:a")).isZero();
		}
		assertThat(this.limits.take("app:a")).isEqualTo(1);
	}

	@Test
	void takeWhenOneCallerSpentItsBucketThenOthersAreNotAffected() {
		limit(1, 2);
		this.limits.take("app:a");
		this.limits.take("app:a");
		assertThat(this.limits.take("app:a")).isEqualTo(1);
		assertThat(this.limits.take("app:b")).isZero();
		assertThat(this.limits.take("person:a")).isZero();
	}

	@Test
	void takeWhenRateIsZeroThenNeverRefused() {
		limit(0, 1);
		for (int i = 0; i < 1000; i++) {
			assertThat(this.limits.take("app:a")).isZero();
		}
	}

	@Test
	void takeWhenManyIdleCallersThenTheirFullBucketsAreDroppedAndBusyOnesKept() {
		limit(1, 2);
		this.limits.take("app:busy");
		this.limits.take("app:busy");
		for (int i = 0; i <= 10_000; i++) {
			this.limits.take("app:idle-" + i);
		}
		this.clock.advance(Duration.ofSeconds(1));
		// The next take sweeps: the idle buckets are full again and go; the busy one holds 1 of 2 and stays.
		this.limits.take("app:another");
		assertThat(this.limits.take("app:busy")).isZero();
		assertThat(this.limits.take("app:busy")).isEqualTo(1);
	}

}
