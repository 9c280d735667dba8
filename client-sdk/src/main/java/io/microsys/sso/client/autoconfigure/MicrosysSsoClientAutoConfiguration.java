package io.microsys.sso.client.autoconfigure;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.session.InMemoryOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

import io.microsys.sso.client.DiscoveredClientRegistrationRepository;
import io.microsys.sso.client.InMemorySsoAccountLinks;
import io.microsys.sso.client.JdbcSsoAccountLinks;
import io.microsys.sso.client.MicrosysSsoLogin;
import io.microsys.sso.client.MicrosysSsoResourceServer;
import io.microsys.sso.client.SsoAccountLinks;
import io.microsys.sso.client.SsoRoleMapper;

/**
 * Sign-in through Microsys SSO for a Spring Boot app: active as soon as
 * {@code microsys.sso.client.issuer-uri} or {@code client-id} is set (then both are checked at
 * start-up). Each bean steps aside when the app defines its own.
 */
@AutoConfiguration(before = { OAuth2ClientAutoConfiguration.class, OAuth2ClientWebSecurityAutoConfiguration.class,
		ServletWebSecurityAutoConfiguration.class },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(ClientRegistration.class)
@Conditional(MicrosysSsoClientAutoConfiguration.Configured.class)
@EnableConfigurationProperties(MicrosysSsoClientProperties.class)
@Import({ MicrosysSsoClientAutoConfiguration.RegistrationConfiguration.class,
		MicrosysSsoClientAutoConfiguration.JdbcAccountLinksConfiguration.class,
		MicrosysSsoClientAutoConfiguration.ResourceServerConfiguration.class,
		MicrosysSsoClientAutoConfiguration.LoginConfiguration.class })
public final class MicrosysSsoClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SsoRoleMapper microsysSsoRoleMapper(MicrosysSsoClientProperties properties) {
		return new MicrosysSsoClientPropertiesMapper(properties).roleMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	SsoAccountLinks inMemorySsoAccountLinks() {
		return new InMemorySsoAccountLinks();
	}

	/** Account links in the app's database when it has one. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	static class JdbcAccountLinksConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(DataSource.class)
		SsoAccountLinks jdbcSsoAccountLinks(DataSource dataSource, MicrosysSsoClientProperties properties) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			if (properties.getAccountLinks().isInitializeSchema() && !tableExists(jdbc)) {
				new ResourceDatabasePopulator(new ClassPathResource(JdbcSsoAccountLinks.SCHEMA)).execute(dataSource);
			}
			return new JdbcSsoAccountLinks(jdbc);
		}

		private static boolean tableExists(JdbcTemplate jdbc) {
			try {
				jdbc.queryForObject("SELECT COUNT(*) FROM microsys_sso_account_link", Integer.class);
				return true;
			}
			catch (DataAccessException ex) {
				return false;
			}
		}

	}

	/** The client registration, discovered from the issuer. */
	@Configuration(proxyBeanMethods = false)
	static class RegistrationConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClientRegistrationRepository.class)
		DiscoveredClientRegistrationRepository microsysSsoClientRegistrationRepository(
				MicrosysSsoClientProperties properties) {
			new MicrosysSsoClientPropertiesMapper(properties).validate();
			return new DiscoveredClientRegistrationRepository(properties.getRegistrationId(),
					properties.getIssuerUri(), properties.getClientId(), properties.getClientSecret(),
					properties.getScopes());
		}

	}

	/**
	 * Bearer-token protection of the app's APIs, when Spring Security's resource server is on the
	 * class path (and not switched off).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken")
	@ConditionalOnProperty(prefix = "microsys.sso.client.resource-server", name = "enabled", matchIfMissing = true)
	static class ResourceServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrosysSsoResourceServer microsysSsoResourceServer(ClientRegistrationRepository registrations,
				SsoRoleMapper roles, MicrosysSsoClientProperties properties) {
			return new MicrosysSsoResourceServer(registrations, properties.getRegistrationId(), roles,
					new MicrosysSsoClientPropertiesMapper(properties).audiences());
		}

	}

	/** The login chain for servlet apps. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(HttpSecurity.class)
	static class LoginConfiguration {

		/** Local sessions by provider session, for back-channel logout (one app node). */
		@Bean
		@ConditionalOnMissingBean
		OidcSessionRegistry microsysSsoSessionRegistry() {
			return new InMemoryOidcSessionRegistry();
		}

		@Bean
		@ConditionalOnMissingBean
		MicrosysSsoLogin microsysSsoLogin(ClientRegistrationRepository registrations, SsoRoleMapper roles,
				MicrosysSsoClientProperties properties, SsoAccountLinks accountLinks, OidcSessionRegistry sessions,
				Environment environment) {
			String cookieName = environment.getProperty("server.servlet.session.cookie.name", "JSESSIONID");
			return new MicrosysSsoLogin(registrations, roles, properties.getRegistrationId(), accountLinks, sessions,
					cookieName);
		}

		/**
		 * Everything needs a signed-in user; bearer tokens are accepted too when the app is also a
		 * resource server.
		 */
		@Bean
		@ConditionalOnDefaultWebSecurity
		SecurityFilterChain microsysSsoSecurityFilterChain(HttpSecurity http, MicrosysSsoLogin login,
				ObjectProvider<MicrosysSsoResourceServer> resourceServer) {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
			// Login first: a browser without a session is sent to the provider, an API client gets 401.
			login.applyTo(http);
			resourceServer.ifAvailable((server) -> server.applyTo(http));
			return http.build();
		}

	}

	/** Active when the app names its issuer or client id. */
	static final class Configured extends AnyNestedCondition {

		Configured() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "microsys.sso.client", name = "issuer-uri")
		static final class IssuerSet {

		}

		@ConditionalOnProperty(prefix = "microsys.sso.client", name = "client-id")
		static final class ClientIdSet {

		}

	}

}
