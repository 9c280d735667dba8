package io.microsys.sso.provider.throttle;

import jakarta.validation.constraints.Min;

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
public class ClientThrottleProperties extends BlockTiming {

	/** Failed authentications of one client id before its requests are slowed down. */
	@Min(1)
	private int clientThreshold = 10;

	/** Failed client authentications from one IP address before its requests are slowed down. */
	@Min(1)
	private int ipThreshold = 20;

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

}
