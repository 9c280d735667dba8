package io.microsys.sso.provider.registration;

/** What was typed for a new account (sign-up, invitation), made ready to keep or to show again. */
final class NewAccountChecks {

	private NewAccountChecks() {
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
