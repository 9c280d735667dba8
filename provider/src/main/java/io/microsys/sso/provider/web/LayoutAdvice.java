package io.microsys.sso.provider.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.support.Language;

/**
 * Values every page's layout needs: the text direction, the CSP nonce, what the top bar offers
 * (from the session: the console checks again on every request); and the password
 * policy's lengths, so that every password field asks for what the policy checks.
 */
@ControllerAdvice
class LayoutAdvice {

	@ModelAttribute("dir")
	String dir(Locale locale) {
		return Language.of(locale).direction();
	}

	@ModelAttribute("lang")
	String lang(Locale locale) {
		return locale.getLanguage();
	}

	@ModelAttribute("cspNonce")
	String cspNonce(HttpServletRequest request) {
		Object nonce = request.getAttribute(ContentSecurityPolicyFilter.NONCE_ATTRIBUTE);
		return (nonce != null) ? nonce.toString() : "";
	}

	/** What the person's top bar offers: their account, and the console to staff and superusers. */
	@ModelAttribute("topBar")
	TopBar topBar() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!SignIn.isComplete(authentication)) {
			return TopBar.SIGNED_OUT;
		}
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		return new TopBar(true, person.isStaff() || person.isSuperuser());
	}

	private final PasswordPolicy passwordPolicy;

	LayoutAdvice(PasswordPolicy passwordPolicy) {
		this.passwordPolicy = passwordPolicy;
	}

	@ModelAttribute("passwordMinLength")
	int passwordMinLength() {
		return this.passwordPolicy.minLength();
	}

	@ModelAttribute("passwordMaxLength")
	int passwordMaxLength() {
		return PasswordPolicy.MAX_LENGTH;
	}

	/**
	 * The person's top bar.
	 *
	 * @param signedIn whether a person completed their sign-in (their account, sign out)
	 * @param administration whether they are staff or a superuser (the console)
	 */
	record TopBar(boolean signedIn, boolean administration) {

		static final TopBar SIGNED_OUT = new TopBar(false, false);

	}

}
