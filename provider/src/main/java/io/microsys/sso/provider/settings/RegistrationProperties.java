package io.microsys.sso.provider.settings;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Public registration ({@code microsys.sso.registration.*}). {@code enabled} and {@code mode} are
 * the defaults until an administrator changes them on the settings page (stored in the database,
 * shared by every node); {@link RuntimeSettings} reads them, so they live here, below the
 * registration feature.
 */
@ConfigurationProperties("microsys.sso.registration")
@Validated
public class RegistrationProperties {

	/** Whether people may sign themselves up; needs a mail server. */
	private boolean enabled;

	/** What a confirmed email address leads to. */
	@NotNull
	private RegistrationMode mode = RegistrationMode.VERIFIED_PENDING_APPROVAL;

	/** How long a verification link works. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration linkTtl = Duration.ofHours(24);

	/** Shortest time between two verification emails to one address. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration cooldown = Duration.ofSeconds(120);

	/** Sign-up attempts one address may make in an hour (counted from its first). */
	@Min(1)
	private int ipThreshold = 10;

	/** How long an account whose email was never confirmed is kept before it is deleted. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration unverifiedRetention = Duration.ofDays(7);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public RegistrationMode getMode() {
		return this.mode;
	}

	public void setMode(RegistrationMode mode) {
		this.mode = mode;
	}

	public Duration getLinkTtl() {
		return this.linkTtl;
	}

	public void setLinkTtl(Duration linkTtl) {
		this.linkTtl = linkTtl;
	}

	public Duration getCooldown() {
		return this.cooldown;
	}

	public void setCooldown(Duration cooldown) {
		this.cooldown = cooldown;
	}

	public int getIpThreshold() {
		return this.ipThreshold;
	}

	public void setIpThreshold(int ipThreshold) {
		this.ipThreshold = ipThreshold;
	}

	public Duration getUnverifiedRetention() {
		return this.unverifiedRetention;
	}

	public void setUnverifiedRetention(Duration unverifiedRetention) {
		this.unverifiedRetention = unverifiedRetention;
	}

}
