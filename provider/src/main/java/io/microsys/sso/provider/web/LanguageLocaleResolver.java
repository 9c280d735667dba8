package io.microsys.sso.provider.web;

import java.util.Locale;
import java.util.function.Supplier;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.support.Language;

/**
 * The page language: the one chosen with {@code ?lang=} (kept in a cookie), else the signed-in
 * user's language, else the browser's {@code Accept-Language}; the default language of the settings
 * page (English unless changed) when none is supported.
 */
public class LanguageLocaleResolver implements LocaleResolver {

	static final String COOKIE = "microsys_lang";

	/** Request parameter that chooses the language. */
	static final String PARAMETER = "lang";

	private final Supplier<String> defaultLanguage;

	/** English for a browser without a language we have. */
	public LanguageLocaleResolver() {
		this(() -> Language.ENGLISH.code());
	}

	/** {@code defaultLanguage} (a language code, read on each request) for a browser without one we have. */
	public LanguageLocaleResolver(Supplier<String> defaultLanguage) {
		this.defaultLanguage = defaultLanguage;
	}

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		return westernDigits(resolveLanguage(request));
	}

	/**
	 * The locale with Western digits ({@code -u-nu-latn}): numbers in messages read {@code 3}, not
	 * {@code ٣}, in Arabic too, like the dates and codes on the same pages (one kind of numerals).
	 * Messages are still found by the language alone.
	 */
	static Locale westernDigits(Locale locale) {
		return new Locale.Builder().setLocale(locale).setUnicodeLocaleKeyword("nu", "latn").build();
	}

	private Locale resolveLanguage(HttpServletRequest request) {
		String chosen = languageParameter(request);
		if (chosen == null && request.getCookies() != null) {
			for (Cookie cookie : request.getCookies()) {
				if (COOKIE.equals(cookie.getName())) {
					chosen = cookie.getValue();
				}
			}
		}
		if (supported(chosen) == null) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof SsoUserDetails user) {
				chosen = user.getLanguage();
			}
		}
		Locale supported = supported(chosen);
		if (supported != null) {
			return supported;
		}
		String header = request.getHeader("Accept-Language");
		if (header != null) {
			try {
				Locale best = Locale.lookup(Locale.LanguageRange.parse(header), Language.LOCALES);
				if (best != null) {
					return best;
				}
			}
			catch (IllegalArgumentException ex) {
				// a malformed header falls back to English
			}
		}
		return Language.orDefault(this.defaultLanguage.get()).locale();
	}

	@Override
	public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
		Locale supported = (locale != null) ? supported(locale.getLanguage()) : null;
		Cookie cookie = new Cookie(COOKIE, (supported != null) ? supported.getLanguage() : "");
		cookie.setPath("/");
		cookie.setHttpOnly(true);
		cookie.setMaxAge((supported != null) ? 365 * 24 * 3600 : 0);
		response.addCookie(cookie);
	}

	/**
	 * The {@code lang} parameter; null when absent, or when the request's parameters cannot be
	 * parsed (the {@link BadRequestFilter} refuses such a request, and its error page must render).
	 */
	static String languageParameter(HttpServletRequest request) {
		try {
			return request.getParameter(PARAMETER);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	static Locale supported(String language) {
		return Language.of(language).map(Language::locale).orElse(null);
	}

}
