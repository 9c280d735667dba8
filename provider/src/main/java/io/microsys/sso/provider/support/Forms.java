package io.microsys.sso.provider.support;

import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/** Shows a bound form again with its errors. */
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

}
