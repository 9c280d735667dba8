package io.microsys.sso.provider.mail;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Email the provider sends ({@code microsys.sso.mail.*}); the server is set with the standard
 * {@code spring.mail.*} properties.
 */
@ConfigurationProperties("microsys.sso.mail")
@Validated
public class MailProperties {

	/** The From address of every message. */
	@NotBlank
	private String from = "Microsys SSO <no-reply@localhost>";

	public String getFrom() {
		return this.from;
	}

	public void setFrom(String from) {
		this.from = from;
	}

}
