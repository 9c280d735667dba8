package io.microsys.sso.provider.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SignIn;

/**
 * Runs a test (or every test of a class) with a person of the given kind signed in, as the
 * provider's own sign-in leaves them: an {@link io.microsys.sso.provider.account.SsoUserDetails}
 * principal with the password factor, the second factor if any, and {@link SignIn#COMPLETE} (see
 * {@link SignedInAsSecurityContextFactory}). For permission matrices in slice tests
 * ({@link PageSliceTest}): the account is not stored anywhere.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = SignedInAsSecurityContextFactory.class)
public @interface SignedInAs {

	/** The kind of person. */
	@AliasFor("kind")
	Kind value() default Kind.USER;

	/** The kind of person. */
	@AliasFor("value")
	Kind kind() default Kind.USER;

	/** Login name; by default the kind's ({@code superuser}, {@code staff}, {@code user}). */
	String username() default "";

	/** The second factor of this sign-in, if any (an authenticator code, a trusted browser…). */
	SignIn.Factor[] secondFactor() default {};

	/**
	 * Whether the sign-in is complete; {@code false} for a person who gave the password and still
	 * owes the second factor.
	 */
	boolean complete() default true;

	/**
	 * The row id of the person's scope (0: none). A {@link Kind#SCOPED_STAFF} person without one is
	 * in scope {@link SignedInAsSecurityContextFactory#SCOPE_ID}.
	 */
	long scope() default 0;

	/**
	 * The console permissions the person holds (directly or through groups), as the console's
	 * policy reads them ({@link io.microsys.sso.provider.access.Actors}, here {@link TestActors}).
	 * {@link Kind#GLOBAL_STAFF} holds {@code manage_scopes} besides.
	 */
	Permission[] permissions() default {};

	/** The person's language ({@code en}, {@code ar}). */
	String language() default "en";

	/** When the person is signed in: before each test method by default, as with {@code @WithMockUser}. */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

	/** The kinds of person a permission check tells apart. */
	enum Kind {

		/** Runs the provider: the {@code /sys} pages (also staff). */
		SUPERUSER(true, true),
		/** Unscoped staff holding {@code manage_scopes}: every person and scope. */
		GLOBAL_STAFF(true, false),
		/** Staff of the organisation without a scope, not a superuser: central staff. */
		STAFF(true, false),
		/** Staff with a scope: its people only. */
		SCOPED_STAFF(true, false),
		/** Anyone else with an account. */
		USER(false, false);

		private final boolean staff;

		private final boolean superuser;

		Kind(boolean staff, boolean superuser) {
			this.staff = staff;
			this.superuser = superuser;
		}

		public boolean isStaff() {
			return this.staff;
		}

		public boolean isSuperuser() {
			return this.superuser;
		}

	}

}
