package io.microsys.sso.provider.account;

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

import io.microsys.sso.provider.support.FormMessages;

/**
 * A new password the {@link PasswordPolicy} accepts on its own (long enough, not too long, not a
 * common one); the message says which rule it breaks. Whether it repeats the person's name is
 * checked with the whole form ({@link PasswordConfirmed}).
 */
@Documented
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Password.Validator.class)
public @interface Password {

	String message() default "{password.too-short}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks a value with the {@link PasswordPolicy}. */
	class Validator implements ConstraintValidator<Password, String> {

		private final PasswordPolicy policy;

		Validator(PasswordPolicy policy) {
			this.policy = policy;
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			Optional<String> problem = this.policy.problem(value, null, null);
			problem.ifPresent((code) -> FormMessages.replace(context, "password." + code));
			return problem.isEmpty();
		}

	}

}
