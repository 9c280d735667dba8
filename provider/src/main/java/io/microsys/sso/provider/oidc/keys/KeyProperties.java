package io.microsys.sso.provider.oidc.keys;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Token signing keys ({@code microsys.sso.keys.*}). */
@ConfigurationProperties("microsys.sso.keys")
@Validated
public class KeyProperties {

	/** Add a new active signing key at start-up; the previous one stays published until it expires. */
	private boolean rotate;

	/** RSA key size in bits. */
	@Min(2048)
	private int rsaKeySize = 2048;

	/** How often each node re-reads the key set from the database. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration refreshInterval = Duration.ofMinutes(1);

	/**
	 * How long a new key is published before any node signs with it, so that every node's JWKS
	 * lists it before the first token it signed exists. Unset: the refresh interval plus up to 10
	 * seconds. Shorter than the refresh interval only for a single node.
	 */
	@DurationMin(millis = 0, message = "must not be negative")
	private Duration publishAhead;

	public boolean isRotate() {
		return this.rotate;
	}

	public void setRotate(boolean rotate) {
		this.rotate = rotate;
	}

	public int getRsaKeySize() {
		return this.rsaKeySize;
	}

	public void setRsaKeySize(int rsaKeySize) {
		this.rsaKeySize = rsaKeySize;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public Duration getPublishAhead() {
		return this.publishAhead;
	}

	public void setPublishAhead(Duration publishAhead) {
		this.publishAhead = publishAhead;
	}

	/** The publish-ahead time in effect: the configured one, or the refresh interval plus its margin. */
	public Duration effectivePublishAhead() {
		if (this.publishAhead != null) {
			return this.publishAhead;
		}
		Duration margin = this.refreshInterval.compareTo(Duration.ofSeconds(10)) < 0 ? this.refreshInterval
				: Duration.ofSeconds(10);
		return this.refreshInterval.plus(margin);
	}

}
