package io.microsys.sso.provider.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A username a person may choose ({@link NameKeys#usernameProblem}), trimmed; the message says
 * which rule it breaks. With {@code optional}, nothing typed is fine too.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Username.Validator.class)
public @interface Username {

	/** Whether an empty value is accepted (a username is then made for the person). */
	boolean optional() default false;

	String message() default "{setup.error.username}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks a value against {@link NameKeys#usernameProblem}. */
	class Validator implements ConstraintValidator<Username, String> {

		private boolean optional;

		@Override
		public void initialize(Username annotation) {
			this.optional = annotation.optional();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null || value.isBlank()) {
				return this.optional;
			}
			Optional<String> problem = NameKeys.usernameProblem(value.trim());
			problem.ifPresent((key) -> FormMessages.replace(context, key));
			return problem.isEmpty();
		}

	}

}
