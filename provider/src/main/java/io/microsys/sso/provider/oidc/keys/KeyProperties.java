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

}
