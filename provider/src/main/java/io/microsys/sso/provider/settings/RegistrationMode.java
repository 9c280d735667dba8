package io.microsys.sso.provider.settings;

import java.util.Locale;
import java.util.Optional;

/** What happens when a person who signed up confirms their email address. */
public enum RegistrationMode {

	/** The account becomes active and the person is signed in. */
	AUTO_LOGIN_AFTER_VERIFY,

	/** The account waits for a superuser's approval; it signs in to nothing meanwhile. */
	VERIFIED_PENDING_APPROVAL;

	/** The value stored and shown ({@code auto_login_after_verify}, ...). */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The mode a stored or submitted value names, if any. */
	public static Optional<RegistrationMode> of(String value) {
		for (RegistrationMode mode : values()) {
			if (mode.value().equals(value)) {
				return Optional.of(mode);
			}
		}
		return Optional.empty();
	}

}
