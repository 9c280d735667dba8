package io.microsys.sso.provider.support;

import jakarta.validation.ConstraintValidatorContext;

/** Helpers for constraints whose message depends on which of our rules a value breaks. */
public final class FormMessages {

	private FormMessages() {
	}

	/** Reports the violation with the message of {@code key} (from messages.properties) instead of the default one. */
	public static void replace(ConstraintValidatorContext context, String key) {
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate("{" + key + "}").addConstraintViolation();
	}

	/** Reports the violation on the component {@code field} of a form, with the message of {@code key}. */
	public static void onField(ConstraintValidatorContext context, String field, String key) {
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate("{" + key + "}").addPropertyNode(field).addConstraintViolation();
	}

}
