package io.microsys.sso.provider.api;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.ServiceAccounts;
import io.microsys.sso.provider.oidc.keys.VerificationKeys;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * The admin API's security ({@code /api/admin/v1/**}, {@code /scim/v2/**}): bearer tokens only
 * ({@link ApiTokens}, {@link ApiCallers}), no session, no cookies, so no CSRF to guard against;
 * the OpenAPI document is public. A missing or refused token is a 401 with
 * {@code WWW-Authenticate: Bearer …} and a problem body; what an accepted caller may do is decided
 * per call by the same access policy as the console's.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain adminApiChain(HttpSecurity http, JWKSource<SecurityContext> keys,
			VerificationKeys verificationKeys, ProviderProperties provider, OAuth2AuthorizationService authorizations,
			RegisteredClientRepository clients, ServiceAccounts serviceAccounts, UserRepository users, Actors actors,
			ApiRateLimits limits, ApplicationEventPublisher events,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
		ApiCallLines lines = new ApiCallLines(() -> ApiCallLines.words(mappings.getObject()
			.getHandlerMethods()
			.keySet()
			.stream()
			.flatMap((mapping) -> mapping.getPatternValues().stream())
			.toList()));
		ApiCallers callers = new ApiCallers(authorizations, clients, serviceAccounts, users, actors);
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
		http.securityMatcher(AdminApi.BASE, AdminApi.BASE + "/**", AdminApi.SCIM, AdminApi.SCIM + "/**")
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(HttpMethod.GET, AdminApi.OPENAPI)
				.permitAll()
				.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(ApiTokens.decoder(keys, verificationKeys, provider.getIssuer()))
					.jwtAuthenticationConverter(callers))
				.authenticationEntryPoint((request, response, failure) -> {
					challenge.commence(request, response, failure);
					ApiProblems.write(request, response, ApiProblems.of(ApiProblem.UNAUTHORIZED,
							(failure.getMessage() != null && request.getHeader("Authorization") != null)
									? failure.getMessage() : "Send a bearer access token for the admin API."));
				})
				.accessDeniedHandler((request, response, failure) -> {
					denied.handle(request, response, failure);
					ApiProblems.write(request, response,
							ApiProblems.of(ApiProblem.FORBIDDEN, "The caller may not do this."));
				}))
			.addFilterAfter(new ApiCallFilter(limits, events, lines), AuthorizationFilter.class)
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/** Answers errors no API handler saw (no such path, wrong method) as problem details. */
	@Bean
	WebMvcConfigurer apiExceptionResolver() {
		return new WebMvcConfigurer() {
			@Override
			public void extendHandlerExceptionResolvers(java.util.List<HandlerExceptionResolver> resolvers) {
				resolvers.add(0, new ApiExceptionResolver());
			}
		};
	}

}
