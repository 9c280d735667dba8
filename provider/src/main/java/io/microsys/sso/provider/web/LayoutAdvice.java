package io.microsys.sso.provider.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.support.Language;

/**
 * Values every page's layout needs: the text direction and the CSP nonce; and the password
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

	@ModelAttribute("passwordMinLength")
	int passwordMinLength() {
		return PasswordPolicy.MIN_LENGTH;
	}

	@ModelAttribute("passwordMaxLength")
	int passwordMaxLength() {
		return PasswordPolicy.MAX_LENGTH;
	}

}
