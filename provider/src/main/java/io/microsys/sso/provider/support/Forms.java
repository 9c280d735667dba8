package io.microsys.sso.provider.support;

import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/** Shows a bound form again with its errors; makes what was typed ready to keep or to show again. */
public final class Forms {

	private Forms() {
	}

	/**
	 * Puts {@code shown} (the typed form as it may be shown again: clipped, without passwords) in
	 * the model in place of the bound one, keeping the errors of {@code result}.
	 */
	public static void showAgain(Model model, Object shown, BindingResult result) {
		// Replacing the bound object drops its BindingResult from the model; it is put back.
		model.addAttribute(result.getObjectName(), shown);
		model.addAttribute(BindingResult.MODEL_KEY_PREFIX + result.getObjectName(), result);
	}

	/** At most {@code max} characters of {@code value} (null stays null), to show a too-long entry again. */
	public static String clip(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	/** The trimmed value, or null when nothing was typed. */
	public static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
