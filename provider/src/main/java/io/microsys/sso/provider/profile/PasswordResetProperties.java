package io.microsys.sso.provider.profile;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Self-service password reset by email ({@code microsys.sso.password-reset.*}). */
@ConfigurationProperties("microsys.sso.password-reset")
@Validated
public class PasswordResetProperties {

	/** How long a reset link works. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration linkTtl = Duration.ofMinutes(30);

	/** Shortest time between two reset emails to one person. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration cooldown = Duration.ofSeconds(120);

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

}
