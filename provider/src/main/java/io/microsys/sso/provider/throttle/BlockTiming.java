package io.microsys.sso.provider.throttle;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How long a throttle blocks, shared by the sign-in and client-secret throttles: past a threshold,
 * the first block lasts {@code initial-block}, each further failure doubles it up to
 * {@code max-block}, and failures are forgotten {@code forget-after} the last one.
 */
public abstract class BlockTiming {

	/** Block after the first failure over a threshold; each further failure doubles it. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration initialBlock = Duration.ofSeconds(1);

	/** Longest block (the temporary lock). */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration maxBlock = Duration.ofMinutes(15);

	/** Failures are forgotten this long after the last one. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration forgetAfter = Duration.ofHours(1);

	public Duration getInitialBlock() {
		return this.initialBlock;
	}

	public void setInitialBlock(Duration initialBlock) {
		this.initialBlock = initialBlock;
	}

	public Duration getMaxBlock() {
		return this.maxBlock;
	}

	public void setMaxBlock(Duration maxBlock) {
		this.maxBlock = maxBlock;
	}

	public Duration getForgetAfter() {
		return this.forgetAfter;
	}

	public void setForgetAfter(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

}
