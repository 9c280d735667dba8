package io.microsys.sso.provider.throttle;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Protection against password guessing, per typed username and per IP address
 * ({@code microsys.sso.login-throttle.*}). Second-factor codes, current-password checks and the
 * emails one address asks for are limited the same way.
 */
@ConfigurationProperties("microsys.sso.login-throttle")
@Validated
public class LoginThrottleProperties extends BlockTiming {

	/** Failures of one username before sign-ins with it are slowed down. */
	@Min(1)
	private int accountThreshold = 5;

	/** Failures from one IP address before sign-ins from it are slowed down. */
	@Min(1)
	private int ipThreshold = 20;

	/** Emails (reset links, confirmations) one IP address may ask for before it is slowed down. */
	@Min(1)
	private int mailThreshold = 10;

	public int getAccountThreshold() {
		return this.accountThreshold;
	}

	public void setAccountThreshold(int accountThreshold) {
		this.accountThreshold = accountThreshold;
	}

	public int getIpThreshold() {
		return this.ipThreshold;
	}

	public void setIpThreshold(int ipThreshold) {
		this.ipThreshold = ipThreshold;
	}

	public int getMailThreshold() {
		return this.mailThreshold;
	}

	public void setMailThreshold(int mailThreshold) {
		this.mailThreshold = mailThreshold;
	}

}
