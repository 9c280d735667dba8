package io.microsys.sso.provider.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The chains for Actuator. Spring Boot runs the application's security filter chain on the
 * management port too, so without a chain of its own every filter of the protocol chain (the token
 * endpoint included) would answer there. On the management port ({@code management.server.port},
 * 9001) only reading an Actuator endpoint is allowed, without signing in (Prometheus and the
 * kubelet), and everything else is refused; that port belongs on an internal network. On the public
 * port {@code /actuator/**} passes to the application, which has nothing there (404), rather than
 * to the sign-in page.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain managementChain(HttpSecurity http, WebApplicationContext application) {
		http.securityMatcher(managementServer(application))
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(EndpointRequest.toAnyEndpoint().withHttpMethod(HttpMethod.GET))
				.permitAll()
				// The error page of a refused or unanswerable request, not a way in.
				.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.anyRequest()
				.denyAll())
			// Only GET is allowed, so no form can change state here.
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityFilterChain actuatorOnPublicPortChain(HttpSecurity http) {
		http.securityMatcher("/actuator", "/actuator/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/**
	 * Requests served by the management server: its own (child) application context, not the
	 * application's, answers for their servlet context.
	 */
	static RequestMatcher managementServer(WebApplicationContext application) {
		return (HttpServletRequest request) -> {
			WebApplicationContext served = WebApplicationContextUtils
				.getWebApplicationContext(request.getServletContext());
			return served != null && served != application;
		};
	}

}
