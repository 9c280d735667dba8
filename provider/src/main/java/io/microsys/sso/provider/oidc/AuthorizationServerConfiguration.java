package io.microsys.sso.provider.oidc;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.LocaleResolver;

import io.microsys.sso.provider.client.CachingSecretVerifier;
import io.microsys.sso.provider.client.ClientProperties;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.login.LogoutAudit;
import io.microsys.sso.provider.login.SecondFactorGate;
import io.microsys.sso.provider.oidc.authorization.AuthorizationProperties;
import io.microsys.sso.provider.oidc.authorization.DatabaseAuthorizationService;
import io.microsys.sso.provider.oidc.authorization.DatabaseConsentService;
import io.microsys.sso.provider.oidc.authorization.RevocationRetry;
import io.microsys.sso.provider.oidc.claims.AccessDecision;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.oidc.dpop.DpopProofs;
import io.microsys.sso.provider.oidc.dpop.DpopResourceRequests;
import io.microsys.sso.provider.oidc.dpop.DpopTokenRequests;
import io.microsys.sso.provider.oidc.exchange.TokenExchange;
import io.microsys.sso.provider.oidc.device.DeviceAuthorizationRequests;
import io.microsys.sso.provider.oidc.device.DeviceAuthorizationResponses;
import io.microsys.sso.provider.oidc.device.DeviceCodeTokens;
import io.microsys.sso.provider.oidc.device.FrameworkVerificationPage;
import io.microsys.sso.provider.oidc.device.PublicDeviceClients;
import io.microsys.sso.provider.oidc.keys.VerificationKeys;
import io.microsys.sso.provider.oidc.par.PushedRequestParameters;
import io.microsys.sso.provider.oidc.par.PushedRequestResponse;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * The protocol filter chain: every OAuth2 / OIDC endpoint under the issuer path ({@code /o}).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	/** Path of the issuer ({@code /o} for {@code http://localhost:9000/o}). */
	static String issuerPath(ProviderProperties properties) {
		String path = URI.create(properties.getIssuer()).getPath();
		if (path == null || path.isEmpty() || "/".equals(path)) {
			throw new IllegalStateException("The issuer " + properties.getIssuer()
					+ " must have a path (e.g. https://sso.example.com/o); the pages live beside it");
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder()
			.multipleIssuersAllowed(true)
			.authorizationEndpoint("/authorize")
			.tokenEndpoint("/token")
			.jwkSetEndpoint("/.well-known/jwks.json")
			.tokenRevocationEndpoint("/revoke")
			.tokenIntrospectionEndpoint("/introspect")
			.oidcUserInfoEndpoint("/userinfo")
			.oidcLogoutEndpoint("/logout")
			.pushedAuthorizationRequestEndpoint("/par")
			.deviceAuthorizationEndpoint("/device_authorization")
			.deviceVerificationEndpoint("/device_verification")
			.oidcClientRegistrationEndpoint("/connect/register")
			.build();
	}

	/**
	 * Bearer tokens the provider issued, checked against every published key (not only the one that
	 * signs now), with the keys converted once per key set.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, VerificationKeys verificationKeys) {
		return NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(verificationKeys))
			.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain protocolChain(HttpSecurity http, ProviderProperties properties, ClientProperties clientSettings,
			AuthorizationServerSettings settings, RegisteredClientRepository clients,
			DatabaseAuthorizationService authorizations, DatabaseConsentService consents,
			AuthorizationRequestChecks requestChecks, PasswordEncoder passwordEncoder, Clock clock, SsoClaims claims,
			LogoutAudit logoutAudit, SecondFactorGate gate, ClientRepository clientRecords, LoginThrottle throttle,
			ApplicationEventPublisher events, IdTokenHints idTokenHints, LocaleResolver localeResolver,
			AccessDecision accessDecision, AuthorizationProperties authorizationSettings, DpopProofs dpopProofs) {
		String issuerPath = issuerPath(properties);
		String authorizePath = issuerPath + settings.getAuthorizationEndpoint();
		AuthorizationResponses responses = new AuthorizationResponses(properties.getIssuer());
		CachingSecretVerifier secretVerifier = new CachingSecretVerifier(passwordEncoder, clock,
				clientSettings.getSecretCacheTtl(), Math.max(0, clientSettings.getSecretCacheSize()),
				clientRecords::rehashSecret);
		http.securityMatcher(issuerPath + "/**")
			.oauth2AuthorizationServer((server) -> server.registeredClientRepository(clients)
				.authorizationService(authorizations)
				.authorizationConsentService(consents)
				.authorizationEndpoint((endpoint) -> endpoint.consentPage("/accounts/consent")
					.authorizationResponseHandler(responses)
					.errorResponseHandler(responses)
					.authenticationProviders((providers) -> providers.forEach((provider) -> {
						if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
							request.setAuthenticationValidator(requestChecks);
							request.setAuthorizationConsentRequired(AuthorizationRequestChecks::consentRequired);
						}
					})))
				.pushedAuthorizationRequestEndpoint((par) -> par
					.pushedAuthorizationRequestConverters((converters) -> converters.replaceAll(PushedRequestParameters::new))
					.authenticationProviders((providers) -> providers.forEach((provider) -> {
						if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushed) {
							pushed.setAuthenticationValidator(requestChecks);
						}
					}))
					.pushedAuthorizationResponseHandler(new PushedRequestResponse(authorizationSettings)))
				.tokenEndpoint((token) -> token.authenticationProviders((providers) -> {
					providers.forEach((provider) -> {
						if (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider exchange) {
							exchange.setSessionRegistry(new SessionFromGrant());
						}
					});
					providers.replaceAll((provider) -> (provider instanceof OAuth2TokenExchangeAuthenticationProvider)
							? new TokenExchange(provider, authorizations, accessDecision, events) : provider);
					providers.replaceAll((provider) -> (provider instanceof OAuth2DeviceCodeAuthenticationProvider)
							? new DeviceCodeTokens(authorizations, http.getSharedObject(OAuth2TokenGenerator.class),
									accessDecision, events, clock)
							: provider);
				}))
				.deviceAuthorizationEndpoint((device) -> device
					.authenticationProviders((providers) -> providers.replaceAll(
							(provider) -> (provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider)
									? new DeviceAuthorizationRequests(authorizations, clock) : provider))
					.deviceAuthorizationResponseHandler(new DeviceAuthorizationResponses(properties.baseUrl())))
				.tokenRevocationEndpoint((revocation) -> revocation.authenticationProviders(
						(providers) -> providers.replaceAll((provider) -> (provider instanceof OAuth2TokenRevocationAuthenticationProvider)
								? new RevocationRetry(provider, authorizations) : provider)))
				.tokenIntrospectionEndpoint((introspection) -> introspection.authenticationProviders(
						(providers) -> providers.replaceAll((provider) -> (provider instanceof OAuth2TokenIntrospectionAuthenticationProvider)
								? new OwnTokensIntrospection(provider) : provider)))
				.clientAuthentication((authentication) -> authentication
					.authenticationConverter(PublicDeviceClients.converter(
							issuerPath + settings.getDeviceAuthorizationEndpoint(), issuerPath + settings.getTokenEndpoint()))
					.authenticationProvider(PublicDeviceClients.provider(clients))
					.authenticationProviders((providers) -> providers.replaceAll((provider) -> {
						if (provider instanceof ClientSecretAuthenticationProvider secret) {
							secret.setPasswordEncoder(secretVerifier);
							return new ThrottledClientSecretAuthentication(secret, clients, secretVerifier, throttle,
									events);
						}
						return provider;
					})))
				.oidc((oidc) -> oidc.logoutEndpoint((logout) -> logout.logoutResponseHandler(logoutHandler(logoutAudit)))
					.providerConfigurationEndpoint((discovery) -> discovery
						.providerConfigurationCustomizer((metadata) -> metadata.claims(Discovery::describe)))
					.userInfoEndpoint((userInfo) -> userInfo
						.userInfoMapper((context) -> userInfo(context, claims)))))
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenResolver(new BearerTokens())
				.authenticationEntryPoint(DpopResourceRequests.challenge())
				.dPoP((dpop) -> dpop.authenticationSuccessHandler(DpopResourceRequests.replayCheck(dpopProofs))))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/accounts/login"),
						PathPatternRequestMatcher.pathPattern(issuerPath + "/authorize"))
				.defaultAuthenticationEntryPointFor(invalidClient(), clientEndpoints(issuerPath, settings)))
			.addFilterBefore(new FixedIssuerFilter(properties.getIssuer(), settings), CsrfFilter.class)
			.addFilterBefore(new ProtocolMethodsFilter(issuerPath, settings), CsrfFilter.class)
			.addFilterBefore(new ProtocolParametersFilter(issuerPath), CsrfFilter.class)
			.addFilterBefore(new JwkSetCaching(issuerPath + settings.getJwkSetEndpoint()), CsrfFilter.class)
			.addFilterBefore(new FrameworkVerificationPage(issuerPath + settings.getDeviceVerificationEndpoint()),
					CsrfFilter.class)
			.addFilterBefore(new DpopTokenRequests(issuerPath + settings.getTokenEndpoint(), dpopProofs),
					AuthorizationFilter.class)
			.addFilterBefore(new RequestObjectRefusal(authorizePath, clients, requestChecks, responses),
					AbstractPreAuthenticatedProcessingFilter.class)
			.addFilterBefore(new ReauthenticationFilter(authorizePath, clients, idTokenHints, localeResolver, clock),
					AbstractPreAuthenticatedProcessingFilter.class)
			.addFilterBefore(gate.authorizationEndpointFilter(authorizePath),
					AbstractPreAuthenticatedProcessingFilter.class);
		return http.build();
	}

	/** The endpoints a client calls with its own credentials. */
	private static RequestMatcher clientEndpoints(String issuerPath, AuthorizationServerSettings settings) {
		PathPatternRequestMatcher.Builder requests = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(requests.matcher(HttpMethod.POST, issuerPath + settings.getTokenEndpoint()),
				requests.matcher(HttpMethod.POST, issuerPath + settings.getTokenRevocationEndpoint()),
				requests.matcher(HttpMethod.POST, issuerPath + settings.getTokenIntrospectionEndpoint()),
				requests.matcher(HttpMethod.POST, issuerPath + settings.getDeviceAuthorizationEndpoint()),
				requests.matcher(HttpMethod.POST, issuerPath + settings.getPushedAuthorizationRequestEndpoint()));
	}

	/**
	 * A client endpoint called without client credentials answers {@code invalid_client} (RFC 6749
	 * §5.2), as it does for wrong ones, rather than an empty 401.
	 */
	private static AuthenticationEntryPoint invalidClient() {
		OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();
		return (request, response, exception) -> {
			ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
			httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
			converter.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT), null, httpResponse);
		};
	}

	private static OidcLogoutAuthenticationSuccessHandler logoutHandler(LogoutAudit logoutAudit) {
		OidcLogoutAuthenticationSuccessHandler handler = new OidcLogoutAuthenticationSuccessHandler();
		handler.setLogoutHandler(logoutAudit);
		return handler;
	}

	private static OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context, SsoClaims claims) {
		OAuth2Authorization authorization = context.getAuthorization();
		Set<String> scopes = new HashSet<>(context.getAccessToken().getScopes());
		try {
			return new OidcUserInfo(claims.forUserAtRegisteredClient(authorization.getPrincipalName(),
					authorization.getRegisteredClientId(), scopes));
		}
		catch (OAuth2AuthenticationException ex) {
			// The person lost access since the token was issued: the token no longer speaks for them.
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN));
		}
	}

}
