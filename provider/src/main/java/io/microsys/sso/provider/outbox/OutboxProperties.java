package io.microsys.sso.provider.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox ({@code microsys.sso.outbox.*}): email, accepted sign-ups and reset requests wait in
 * the database until done, so a restart loses none and any node may do them. Each kind has its own
 * limit of waiting items, so a flood of one kind does not turn away another.
 */
@ConfigurationProperties("microsys.sso.outbox")
@Validated
public class OutboxProperties {

	/** How often each node looks for due items (new ones are also started at once). */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration pollInterval = Duration.ofSeconds(5);

	/** How long a node holds an item it took; a node that dies lets others take it after this. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration lease = Duration.ofMinutes(2);

	/** Tries per item (the first one included); then it is marked failed and audited. */
	@Min(1)
	private int attempts = 8;

	/**
	 * Wait before the second try; each further wait is four times longer, up to {@code max-backoff}.
	 */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration initialBackoff = Duration.ofSeconds(30);

	/** Longest wait between two tries. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration maxBackoff = Duration.ofHours(1);

	/** How long a failed item is kept (for inspection) before it is deleted. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration failedRetention = Duration.ofDays(7);

	/** Emails waiting at most; beyond this a new one is dropped (and logged). */
	@Min(1)
	private int mailMaxPending = 10_000;

	/**
	 * Accepted sign-ups (and requests for a new verification link) waiting at most; beyond this a
	 * sign-up answers 503.
	 */
	@Min(1)
	private int signupMaxPending = 200;

	/** Password reset requests waiting at most; beyond this a request answers 503. */
	@Min(1)
	private int passwordResetMaxPending = 200;

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public int getAttempts() {
		return this.attempts;
	}

	public void setAttempts(int attempts) {
		this.attempts = attempts;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getFailedRetention() {
		return this.failedRetention;
	}

	public void setFailedRetention(Duration failedRetention) {
		this.failedRetention = failedRetention;
	}

	public int getMailMaxPending() {
		return this.mailMaxPending;
	}

	public void setMailMaxPending(int mailMaxPending) {
		this.mailMaxPending = mailMaxPending;
	}

	public int getSignupMaxPending() {
		return this.signupMaxPending;
	}

	public void setSignupMaxPending(int signupMaxPending) {
		this.signupMaxPending = signupMaxPending;
	}

	public int getPasswordResetMaxPending() {
		return this.passwordResetMaxPending;
	}

	public void setPasswordResetMaxPending(int passwordResetMaxPending) {
		this.passwordResetMaxPending = passwordResetMaxPending;
	}

}
