package io.microsys.sso.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import io.microsys.sso.client.MicrosysSsoLogin;
import io.microsys.sso.client.MicrosysSsoResourceServer;

/**
 * The app's own chain, which the starter steps aside for: the home page is public, {@code /admin}
 * needs the authority mapped to the {@code admin} role, {@code /api/**} takes bearer tokens, and
 * everything else a signed-in person. The starter's customizers add the sign-in, sign-out,
 * back-channel logout and bearer-token handling.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The authority {@code microsys.sso.client.role-mapping.admin} grants. */
	static final String APP_ADMIN = "ROLE_APP_ADMIN";

	@Bean
	SecurityFilterChain sampleChain(HttpSecurity http, MicrosysSsoLogin login, MicrosysSsoResourceServer api) {
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/", "/css/**", "/error", "/favicon.ico")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasAuthority(APP_ADMIN)
			.anyRequest()
			.authenticated())
			.exceptionHandling((exceptions) -> exceptions.accessDeniedPage("/denied"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(
						"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' http: https:; "
								+ "frame-ancestors 'none'; base-uri 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		login.applyTo(http);
		api.applyTo(http);
		return http.build();
	}

}
