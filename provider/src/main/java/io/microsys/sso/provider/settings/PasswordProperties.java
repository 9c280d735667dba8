package io.microsys.sso.provider.settings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Passwords people choose ({@code microsys.sso.password.*}). The default of a setting the console
 * can change ({@code /sys/settings}, read through {@link SecuritySettings}).
 */
@ConfigurationProperties("microsys.sso.password")
@Validated
public class PasswordProperties {

	/** The shortest password anyone may choose, from 8 to 128 characters. */
	@Min(8)
	@Max(128)
	private int minLength = 8;

	public int getMinLength() {
		return this.minLength;
	}

	public void setMinLength(int minLength) {
		this.minLength = minLength;
	}

}
