package io.microsys.sso.provider.settings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The absolute addresses of the provider's pages, for links in email and in the log: one method
 * per link, all built from the one configured base URL, so a page that moves changes here only.
 */
@Component
public class Links {

	private final String base;

	@Autowired
	public Links(ProviderProperties properties) {
		this(properties.baseUrl());
	}

	/** Links below {@code base} (a scheme and host, optionally a path; a trailing slash is ignored). */
	public Links(String base) {
		this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/** Where the pages are, without a trailing slash. */
	public String base() {
		return this.base;
	}

	/** The sign-in page. */
	public String login() {
		return page("/accounts/login");
	}

	/** The page that asks for a password reset link. */
	public String passwordResetRequest() {
		return page("/accounts/password/reset");
	}

	/** The page a password reset link opens. */
	public String passwordReset(String token) {
		return page("/accounts/password/reset/") + token;
	}

	/** The page that confirms a new email address. */
	public String emailConfirmation(String token) {
		return page("/accounts/email/confirm/") + token;
	}

	/** The page that confirms a sign-up's email address. */
	public String registrationVerification(String token) {
		return page("/accounts/register/verify/") + token;
	}

	/** The page that accepts an invitation. */
	public String invitation(String token) {
		return page("/accounts/invitation/") + token;
	}

	/** The superusers' queue of sign-ups waiting for approval. */
	public String registrationsQueue() {
		return page("/sys/registrations");
	}

	/** The first-run setup page. */
	public String setup() {
		return page("/sys/setup");
	}

	private String page(String path) {
		return this.base + path;
	}

}
