package io.microsys.sso.provider.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.support.Language;

/** Language selection for pages. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Bean
	LocaleResolver localeResolver(SecuritySettings settings,
			@Value("${microsys.sso.default-language:en}") String defaultLanguage) {
		Language configured = Language.of(defaultLanguage)
			.orElseThrow(() -> new IllegalStateException("microsys.sso.default-language: '" + defaultLanguage
					+ "' is not a language of the pages (en, ar)"));
		return new LanguageLocaleResolver(() -> settings.defaultLanguage(configured.code()));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor() {
			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
					throws ServletException {
				// Unparseable parameters would make the error page itself fail.
				return LanguageLocaleResolver.languageParameter(request) == null
						|| super.preHandle(request, response, handler);
			}
		};
		interceptor.setParamName(LanguageLocaleResolver.PARAMETER);
		interceptor.setIgnoreInvalidLocale(true);
		registry.addInterceptor(interceptor);
	}

}
