package io.microsys.sso.provider.admin.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.microsys.sso.provider.account.Emails;

/**
 * An email address the provider accepts ({@link Emails#isValid}, once trimmed), or nothing: a
 * person in the console may have no address (the bootstrap file and, later, SCIM make such
 * people).
 */
@Documented
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OptionalEmail.Validator.class)
public @interface OptionalEmail {

	String message() default "{setup.error.email}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Blank, or valid by {@link Emails#isValid}. */
	class Validator implements ConstraintValidator<OptionalEmail, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || value.isBlank() || Emails.isValid(value.trim());
		}

	}

}
