package io.microsys.sso.provider.registration;

import java.util.Optional;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.support.NameKeys;

/** The checks of what a person types to create their account (sign-up form, invitation form). */
final class NewAccountChecks {

	private NewAccountChecks() {
	}

	/**
	 * Why these details cannot make an account (a message key), if they cannot. A first name is
	 * needed, the last name and username are optional, the password follows the policy.
	 */
	static Optional<String> problem(String firstName, String lastName, String username, String email,
			String password, String passwordConfirm, PasswordPolicy policy) {
		if (firstName == null || firstName.isBlank() || firstName.trim().length() > 150 || hasControl(firstName)
				|| (lastName != null && (lastName.trim().length() > 150 || hasControl(lastName)))) {
			return Optional.of("register.error.name");
		}
		String chosen = blankToNull(username);
		if (chosen != null) {
			Optional<String> problem = NameKeys.usernameProblem(chosen);
			if (problem.isPresent()) {
				return problem;
			}
		}
		if (password == null || !password.equals(passwordConfirm)) {
			return Optional.of("setup.error.mismatch");
		}
		// Without a chosen username, the one made from the address's local part.
		String name = (chosen != null) ? chosen : email.substring(0, Math.max(email.indexOf('@'), 0));
		return policy.problem(password, name, email).map((code) -> "password." + code);
	}

	private static boolean hasControl(String value) {
		return value.codePoints().anyMatch(Character::isISOControl);
	}

	/** At most {@code max} characters of {@code value} (null stays null). */
	static String clip(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	/** The trimmed value, or null when nothing was typed. */
	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
