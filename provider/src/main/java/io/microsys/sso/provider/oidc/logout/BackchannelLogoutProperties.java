package io.microsys.sso.provider.oidc.logout;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery of OIDC Back-Channel Logout tokens to connected apps when a session ends
 * ({@code microsys.sso.backchannel-logout.*}).
 */
@ConfigurationProperties("microsys.sso.backchannel-logout")
@Validated
public class BackchannelLogoutProperties {

	/** Deliveries tried per app and ended session (the first one included). */
	@Min(1)
	private int attempts = 4;

	/** Wait before the second attempt; each further wait is five times longer. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration initialBackoff = Duration.ofSeconds(2);

	/** Longest wait for an app to answer one delivery. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration timeout = Duration.ofSeconds(5);

	/** Deliveries waiting at most; beyond this a new one is dropped and audited as failed. */
	@Min(1)
	private int maxPending = 10_000;

	/** How long an app is remembered for a session that never ends explicitly. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration sessionMemory = Duration.ofDays(30);

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

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxPending() {
		return this.maxPending;
	}

	public void setMaxPending(int maxPending) {
		this.maxPending = maxPending;
	}

	public Duration getSessionMemory() {
		return this.sessionMemory;
	}

	public void setSessionMemory(Duration sessionMemory) {
		this.sessionMemory = sessionMemory;
	}

}
