package io.microsys.sso.provider.account;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may reach what, decided in one place. Each rule is named; the web chain asks
 * {@link #pages()} and {@link #administration()} for every request, and services that act for a
 * superuser ask {@link #isSuperuser(SsoUser)} of the account as stored now, so the session's view
 * (read at sign-in) and the database's (read per action) apply the same rule.
 */
public final class AccessPolicy {

	/** The rules, as reason codes in denials and in tests. */
	public enum Rule {

		/** Every factor the person needs was given: a password, and a second factor when they have one. */
		COMPLETE_SIGN_IN,
		/** A complete sign-in of an active superuser. */
		SUPERUSER,
		/**
		 * A complete sign-in of staff or a superuser: the console under {@code /sys}, where each
		 * action then asks the console's policy ({@code access.AdminPolicy}) of the account as
		 * stored now.
		 */
		CONSOLE,
		/** Every factor given, but a temporary password to replace: only the new password page. */
		NEW_PASSWORD_OWED

	}

	private AccessPolicy() {
	}

	/** Pages and APIs of the signed-in: {@link Rule#COMPLETE_SIGN_IN}. */
	public static AuthorizationManager<RequestAuthorizationContext> pages() {
		return (authentication, context) -> new AuthorizationDecision(allows(Rule.COMPLETE_SIGN_IN, authentication.get()));
	}

	/**
	 * The console: {@link Rule#CONSOLE} as the session knows the person; each action then reads the
	 * account again and asks the console's policy, so one demoted since signing in is refused too.
	 */
	public static AuthorizationManager<RequestAuthorizationContext> administration() {
		return (authentication, context) -> new AuthorizationDecision(allows(Rule.CONSOLE, authentication.get()));
	}

	/** The page where a temporary password is replaced: {@link Rule#NEW_PASSWORD_OWED}. */
	public static AuthorizationManager<RequestAuthorizationContext> newPassword() {
		return (authentication, context) -> new AuthorizationDecision(allows(Rule.NEW_PASSWORD_OWED, authentication.get()));
	}

	/** Whether the signed-in person passes {@code rule}, as their session knows them. */
	public static boolean allows(Rule rule, Authentication authentication) {
		boolean complete = SignIn.isComplete(authentication);
		return switch (rule) {
			case COMPLETE_SIGN_IN -> complete;
			case SUPERUSER -> complete && authentication.getPrincipal() instanceof SsoUserDetails person
					&& person.isSuperuser();
			case CONSOLE -> complete && authentication.getPrincipal() instanceof SsoUserDetails person
					&& (person.isStaff() || person.isSuperuser());
			case NEW_PASSWORD_OWED -> SignIn.awaitsNewPassword(authentication);
		};
	}

	/** Whether an account, as stored now, may act as a superuser. */
	public static boolean isSuperuser(SsoUser user) {
		return user.isSuperuser() && user.getStatus() == UserStatus.ACTIVE;
	}

}
