package io.microsys.sso.provider.client;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Client authentication ({@code microsys.sso.clients.*}): the cache of verified client secrets. */
@ConfigurationProperties("microsys.sso.clients")
@Validated
public class ClientProperties {

	/**
	 * How many verified (client, secret) pairs each node remembers, so a token request does not pay an
	 * Argon2 hash every time; 0 verifies every request from scratch.
	 */
	@PositiveOrZero
	private int secretCacheSize = 10_000;

	/** How long a verified secret is remembered. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration secretCacheTtl = Duration.ofMinutes(10);

	public int getSecretCacheSize() {
		return this.secretCacheSize;
	}

	public void setSecretCacheSize(int secretCacheSize) {
		this.secretCacheSize = secretCacheSize;
	}

	public Duration getSecretCacheTtl() {
		return this.secretCacheTtl;
	}

	public void setSecretCacheTtl(Duration secretCacheTtl) {
		this.secretCacheTtl = secretCacheTtl;
	}

}
