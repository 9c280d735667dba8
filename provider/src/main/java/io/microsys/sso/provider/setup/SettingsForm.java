package io.microsys.sso.provider.setup;

import java.util.Optional;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;

import io.microsys.sso.provider.settings.RegistrationMode;

/**
 * What the settings page posts: whether people may sign up ({@code true}, or nothing when the box
 * is not ticked) and a {@link RegistrationMode} value.
 */
record SettingsForm(@Pattern(regexp = "true|false", message = "{settings.error.invalid}") String registrationEnabled,
		String registrationMode) {

	/** Whether registration is to be on. */
	boolean enabled() {
		return "true".equals(this.registrationEnabled);
	}

	/** The mode chosen, if it is one. */
	Optional<RegistrationMode> mode() {
		return RegistrationMode.of(this.registrationMode);
	}

	/** The mode must be one of {@link RegistrationMode}'s values (its error is shown beside the modes). */
	@AssertTrue(message = "{settings.error.invalid}")
	public boolean isRegistrationModeKnown() {
		return mode().isPresent();
	}

}
