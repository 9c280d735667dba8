package io.microsys.sso.provider.registration;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Invitations to connected apps ({@code microsys.sso.invitations.*}). */
@ConfigurationProperties("microsys.sso.invitations")
@Validated
public class InvitationProperties {

	/** How long an invitation link works. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration ttl = Duration.ofDays(7);

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

}
