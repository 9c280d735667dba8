package io.microsys.sso.provider.twofactor;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Second factors at sign-in ({@code microsys.sso.two-factor.*}). */
@ConfigurationProperties("microsys.sso.two-factor")
@Validated
public class TwoFactorProperties {

	/**
	 * Offer 6-digit codes by email as a second factor. Off by default: a mailbox is a weaker factor
	 * than an authenticator app (OWASP ASVS level 3 discourages it).
	 */
	private boolean emailCodes;

	/** How long an emailed code is valid. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration emailCodeTtl = Duration.ofMinutes(10);

	/** Wrong tries of one emailed code before it is void. */
	@Min(1)
	private int emailCodeAttempts = 5;

	/** Shortest time between two emailed codes to one person. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration emailCodeCooldown = Duration.ofSeconds(120);

	/** How long a trusted browser skips the second factor. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration trustedBrowser = Duration.ofDays(30);

	public boolean isEmailCodes() {
		return this.emailCodes;
	}

	public void setEmailCodes(boolean emailCodes) {
		this.emailCodes = emailCodes;
	}

	public Duration getEmailCodeTtl() {
		return this.emailCodeTtl;
	}

	public void setEmailCodeTtl(Duration emailCodeTtl) {
		this.emailCodeTtl = emailCodeTtl;
	}

	public int getEmailCodeAttempts() {
		return this.emailCodeAttempts;
	}

	public void setEmailCodeAttempts(int emailCodeAttempts) {
		this.emailCodeAttempts = emailCodeAttempts;
	}

	public Duration getEmailCodeCooldown() {
		return this.emailCodeCooldown;
	}

	public void setEmailCodeCooldown(Duration emailCodeCooldown) {
		this.emailCodeCooldown = emailCodeCooldown;
	}

	public Duration getTrustedBrowser() {
		return this.trustedBrowser;
	}

	public void setTrustedBrowser(Duration trustedBrowser) {
		this.trustedBrowser = trustedBrowser;
	}

}
