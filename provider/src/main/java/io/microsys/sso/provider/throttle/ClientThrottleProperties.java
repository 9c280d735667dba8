package io.microsys.sso.provider.throttle;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Protection against client-secret guessing at the token, revocation and introspection endpoints,
 * per client id and per IP address ({@code microsys.sso.client-throttle.*}), with the same growing
 * blocks as {@link LoginThrottleProperties}: every wrong secret costs a password hash, so past a
 * threshold requests are refused without checking the secret.
 */
@ConfigurationProperties("microsys.sso.client-throttle")
@Validated
public class ClientThrottleProperties {

	/** Failed authentications of one client id before its requests are slowed down. */
	@Min(1)
	private int clientThreshold = 10;

	/** Failed client authentications from one IP address before its requests are slowed down. */
	@Min(1)
	private int ipThreshold = 20;

	/** Block after the first failure over a threshold; each further failure doubles it. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration initialBlock = Duration.ofSeconds(1);

	/** Longest block. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration maxBlock = Duration.ofMinutes(15);

	/** Failures are forgotten this long after the last one. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration forgetAfter = Duration.ofHours(1);

	public int getClientThreshold() {
		return this.clientThreshold;
	}

	public void setClientThreshold(int clientThreshold) {
		this.clientThreshold = clientThreshold;
	}

	public int getIpThreshold() {
		return this.ipThreshold;
	}

	public void setIpThreshold(int ipThreshold) {
		this.ipThreshold = ipThreshold;
	}

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
