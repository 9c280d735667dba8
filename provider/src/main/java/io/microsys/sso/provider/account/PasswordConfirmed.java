package io.microsys.sso.provider.account;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.microsys.sso.provider.support.FormMessages;

/**
 * On a {@link NewPassword} form: the password was typed the same twice (else an error beside
 * {@link #confirmField()}) and does not repeat the person's username or email (else beside
 * {@link #passwordField()}). The password's own rules are {@link Password}'s.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PasswordConfirmed.Validator.class)
public @interface PasswordConfirmed {

	String message() default "{setup.error.mismatch}";

	/** The form field the password is typed in. */
	String passwordField() default "password";

	/** The form field the password is typed again in. */
	String confirmField() default "passwordConfirm";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Compares the two passwords, then the password with the person's names. */
	class Validator implements ConstraintValidator<PasswordConfirmed, NewPassword> {

		private final PasswordPolicy policy;

		private String passwordField;

		private String confirmField;

		Validator(PasswordPolicy policy) {
			this.policy = policy;
		}

		@Override
		public void initialize(PasswordConfirmed annotation) {
			this.passwordField = annotation.passwordField();
			this.confirmField = annotation.confirmField();
		}

		@Override
		public boolean isValid(NewPassword form, ConstraintValidatorContext context) {
			String password = form.password();
			if (password == null || password.isEmpty()) {
				return true;
			}
			if (!password.equals(form.passwordConfirm())) {
				FormMessages.onField(context, this.confirmField, "setup.error.mismatch");
				return false;
			}
			boolean like = this.policy.problem(password, form.passwordUsername(), form.passwordEmail())
				.filter("like-username"::equals)
				.isPresent();
			if (like) {
				FormMessages.onField(context, this.passwordField, "password.like-username");
			}
			return !like;
		}

	}

}
