package io.microsys.sso.provider.oidc.authorization;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Stored grants ({@code microsys.sso.authorizations.*}). */
@ConfigurationProperties("microsys.sso.authorizations")
@Validated
public class AuthorizationProperties {

	/**
	 * How long an expired grant is kept before the purge removes it. An expired grant answers nothing
	 * any more (introspection says inactive either way), so this only covers clocks of nodes that
	 * differ a little; the table holds about the token rate × (token lifetime + this + the purge
	 * interval).
	 */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration purgeGrace = Duration.ofMinutes(5);

	/** Time between two purges of expired grants (read by the purge's schedule). */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration purgeInterval = Duration.ofMinutes(1);

	/** Longest a grant without any token (an unfinished login) is kept. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration pendingTtl = Duration.ofMinutes(30);

	/**
	 * How soon after its rotation a refresh token presented again counts as its own client sending it
	 * twice at once (refused, nothing revoked) rather than a replay (the whole grant revoked). 0
	 * treats every second use as a replay.
	 */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration refreshReuseGrace = Duration.ofSeconds(5);

	/**
	 * How long a pushed authorization request (RFC 9126) can be used after it was pushed: its
	 * {@code expires_in}. At most 5 minutes, the lifetime the authorization server writes into the
	 * {@code request_uri} itself.
	 */
	@NotNull
	@DurationMin(seconds = 1, message = "must be at least a second")
	@DurationMax(seconds = 300, message = "must be at most 5 minutes")
	private Duration pushedRequestTtl = Duration.ofSeconds(60);

	public Duration getPushedRequestTtl() {
		return this.pushedRequestTtl;
	}

	public void setPushedRequestTtl(Duration pushedRequestTtl) {
		this.pushedRequestTtl = pushedRequestTtl;
	}

	public Duration getPurgeGrace() {
		return this.purgeGrace;
	}

	public void setPurgeGrace(Duration purgeGrace) {
		this.purgeGrace = purgeGrace;
	}

	public Duration getPurgeInterval() {
		return this.purgeInterval;
	}

	public void setPurgeInterval(Duration purgeInterval) {
		this.purgeInterval = purgeInterval;
	}

	public Duration getPendingTtl() {
		return this.pendingTtl;
	}

	public void setPendingTtl(Duration pendingTtl) {
		this.pendingTtl = pendingTtl;
	}

	public Duration getRefreshReuseGrace() {
		return this.refreshReuseGrace;
	}

	public void setRefreshReuseGrace(Duration refreshReuseGrace) {
		this.refreshReuseGrace = refreshReuseGrace;
	}

}
