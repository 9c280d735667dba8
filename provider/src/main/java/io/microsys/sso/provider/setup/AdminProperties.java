package io.microsys.sso.provider.setup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The first superuser ({@code microsys.sso.admin.*}), created at start-up when none exists. */
@ConfigurationProperties("microsys.sso.admin")
@Validated
public class AdminProperties {

	/** Username of the superuser to create when the database has none. */
	private String username;

	/** Password of that superuser. Never logged. */
	private String password;

	/** Email of that superuser (optional). */
	private String email;

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

}
