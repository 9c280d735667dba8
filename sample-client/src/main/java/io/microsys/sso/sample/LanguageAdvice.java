package io.microsys.sso.sample;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page its language and direction (Arabic is right to left) and whether someone is
 * signed in (for the sign-out button).
 */
@ControllerAdvice
class LanguageAdvice {

	@ModelAttribute("lang")
	String lang() {
		return "ar".equals(LocaleContextHolder.getLocale().getLanguage()) ? "ar" : "en";
	}

	@ModelAttribute("signedIn")
	boolean signedIn(Authentication authentication) {
		return authentication != null && authentication.getPrincipal() instanceof OidcUser;
	}

	@ModelAttribute("dir")
	String dir() {
		return "ar".equals(LocaleContextHolder.getLocale().getLanguage()) ? "rtl" : "ltr";
	}

}
