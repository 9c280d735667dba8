package io.microsys.sso.provider.web;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import io.microsys.sso.provider.account.AccessPolicy;
import io.microsys.sso.provider.login.LogoutAudit;
import io.microsys.sso.provider.login.PersonChangeAtSignIn;
import io.microsys.sso.provider.login.SecondFactorGate;
import io.microsys.sso.provider.session.SignInCompletion;

/** The application chain: pages, console and APIs (everything outside the issuer path). */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	static final String[] PUBLIC = { "/accounts/login", "/accounts/logout", "/css/**", "/img/**", "/favicon.ico",
			"/health", "/health/**", "/error", "/sys/setup", "/accounts/password/reset", "/accounts/password/reset/**", "/accounts/email/confirm/**",
			"/accounts/register", "/accounts/register/**", "/accounts/invitation/*", "/accounts/invitation/joined" };

	/** The console pages an app's own admins may open, besides staff (who still need the permission). */
	static final String[] APP_ADMIN_PAGES = { "/sys/clients/*/members", "/sys/clients/*/members/**",
			"/sys/clients/*/invitations", "/sys/clients/*/invitations/**" };

	@Bean
	@Order(2)
	SecurityFilterChain applicationChain(HttpSecurity http, AuthenticationFailureHandler loginFailureHandler,
			LogoutAudit logoutAudit, SignInCompletion signInCompletion, SecondFactorGate gate,
			PersonChangeAtSignIn personChange) {
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/sys/setup")
			.permitAll()
			// An app's members and invitations are also its admins': the console's check decides.
			.requestMatchers(APP_ADMIN_PAGES)
			.access(AccessPolicy.pages())
			.requestMatchers("/sys/**")
			.access(AccessPolicy.administration())
			// The admin API's Swagger UI: for staff, like the console (the API checks each call itself).
			.requestMatchers("/api/admin/docs", "/api/admin/docs/**")
			.access(AccessPolicy.administration())
			.requestMatchers(PUBLIC)
			.permitAll()
			.requestMatchers(SignInCompletion.CHALLENGE_PATH, SignInCompletion.CHALLENGE_PATH + "/**")
			.authenticated()
			.requestMatchers(SignInCompletion.NEW_PASSWORD_PATH)
			.access(AccessPolicy.newPassword())
			.anyRequest()
			.access(AccessPolicy.pages()))
			.formLogin((form) -> form.loginPage("/accounts/login")
				.successHandler(signInCompletion)
				.failureHandler(loginFailureHandler)
				.permitAll())
			.sessionManagement((sessions) -> sessions.sessionAuthenticationStrategy(
					new CompositeSessionAuthenticationStrategy(List.of(personChange, new ChangeSessionIdAuthenticationStrategy()))))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(gate))
			.logout((logout) -> logout.logoutUrl("/accounts/logout")
				.addLogoutHandler(logoutAudit)
				.logoutSuccessUrl("/accounts/login?logout"))
			.headers((headers) -> headers.frameOptions((frame) -> frame.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/** Sessions are in the database (Spring Session JDBC), so every node sees every login. */
	@Bean
	<S extends Session> SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<S> sessions) {
		return new SpringSessionBackedSessionRegistry<>(sessions);
	}

}
