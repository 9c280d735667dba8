package io.microsys.sso.client.autoconfigure;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.session.InMemoryOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import io.microsys.sso.client.DiscoveredClientRegistrationRepository;
import io.microsys.sso.client.MicrosysSsoLogin;
import io.microsys.sso.client.MicrosysSsoResourceServer;
import io.microsys.sso.client.SsoRole;
import io.microsys.sso.client.SsoRoleMapper;

import static org.assertj.core.api.Assertions.assertThat;

class MicrosysSsoClientAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MicrosysSsoClientAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				OAuth2ClientAutoConfiguration.class, OAuth2ClientWebSecurityAutoConfiguration.class));

	private final String[] configured = { "microsys.sso.client.issuer-uri=https://sso.example.com/o",
			"microsys.sso.client.client-id=my-app", "microsys.sso.client.client-secret=s3cret" };

	@Test
	void autoConfigurationWhenNotConfiguredThenStaysAway() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SsoRoleMapper.class);
			assertThat(context).doesNotHaveBean(MicrosysSsoLogin.class);
			assertThat(context).doesNotHaveBean("microsysSsoSecurityFilterChain");
		});
	}

	@Test
	void autoConfigurationWhenConfiguredThenRegistrationMapperLoginAndChain() {
		this.runner.withPropertyValues(this.configured).run((context) -> {
			assertThat(context).hasSingleBean(SsoRoleMapper.class);
			assertThat(context).hasSingleBean(DiscoveredClientRegistrationRepository.class);
			assertThat(context).hasSingleBean(MicrosysSsoLogin.class);
			assertThat(context).hasBean("microsysSsoSecurityFilterChain");
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context.getBean(SsoRoleMapper.class).requiredRoles())
				.containsExactlyInAnyOrder(SsoRole.values());
		});
	}

	@Test
	void autoConfigurationWhenRolesAndMappingSetThenMapperFollowsThem() {
		this.runner.withPropertyValues(this.configured)
			.withPropertyValues("microsys.sso.client.required-roles=admin,staff",
					"microsys.sso.client.role-mapping.admin=ROLE_PROJECT_ADMIN,ROLE_PROJECT_STAFF",
					"microsys.sso.client.role-mapping.staff=ROLE_PROJECT_STAFF")
			.run((context) -> {
				SsoRoleMapper mapper = context.getBean(SsoRoleMapper.class);
				assertThat(mapper.requiredRoles()).containsExactlyInAnyOrder(SsoRole.ADMIN, SsoRole.STAFF);
				assertThat(mapper.authorities(SsoRole.ADMIN)).extracting("authority")
					.containsExactly("SSO_ROLE_ADMIN", "ROLE_PROJECT_ADMIN", "ROLE_PROJECT_STAFF");
			});
	}

	@Test
	void autoConfigurationWhenIssuerMissingThenStartFailsNamingIt() {
		this.runner.withPropertyValues("microsys.sso.client.client-id=my-app").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("microsys.sso.client.issuer-uri is required");
		});
	}

	@Test
	void autoConfigurationWhenClientIdMissingThenStartFailsNamingIt() {
		this.runner.withPropertyValues("microsys.sso.client.issuer-uri=https://sso.example.com/o").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("microsys.sso.client.client-id is required");
		});
	}

	@Test
	void autoConfigurationWhenMappingNamesUnknownRoleThenStartFails() {
		this.runner.withPropertyValues(this.configured)
			.withPropertyValues("microsys.sso.client.role-mapping.owner=ROLE_X")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("role-mapping.owner: unknown role 'owner'");
			});
	}

	@Test
	void autoConfigurationWhenAppDefinesItsOwnChainThenOursStepsAsideButLoginIsOffered() {
		this.runner.withPropertyValues(this.configured).withUserConfiguration(OwnChain.class).run((context) -> {
			assertThat(context).doesNotHaveBean("microsysSsoSecurityFilterChain");
			assertThat(context).hasBean("ownChain");
			assertThat(context).hasSingleBean(MicrosysSsoLogin.class);
		});
	}

	@Test
	void autoConfigurationWhenAppDefinesRegistrationsThenOursStepsAside() {
		this.runner.withPropertyValues(this.configured).withUserConfiguration(OwnRegistrations.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DiscoveredClientRegistrationRepository.class);
			assertThat(context).hasSingleBean(ClientRegistrationRepository.class);
			assertThat(context).hasSingleBean(MicrosysSsoLogin.class);
		});
	}

	@Test
	void autoConfigurationWhenAppDefinesRoleMapperThenOursStepsAside() {
		this.runner.withPropertyValues(this.configured).withUserConfiguration(OwnMapper.class).run((context) -> {
			assertThat(context).hasSingleBean(SsoRoleMapper.class);
			assertThat(context.getBean(SsoRoleMapper.class).requiredRoles()).containsExactly(SsoRole.ADMIN);
		});
	}

	@Test
	void autoConfigurationWhenNotAWebAppThenNoLoginChain() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MicrosysSsoClientAutoConfiguration.class))
			.withPropertyValues(this.configured)
			.run((context) -> {
				assertThat(context).hasSingleBean(SsoRoleMapper.class);
				assertThat(context).doesNotHaveBean(MicrosysSsoLogin.class);
			});
	}

	@Test
	void autoConfigurationWhenResourceServerOnClassPathThenBearerTokensForTheClientId() {
		this.runner.withPropertyValues(this.configured).run((context) -> {
			assertThat(context).hasSingleBean(MicrosysSsoResourceServer.class);
			assertThat(new MicrosysSsoClientPropertiesMapper(context.getBean(MicrosysSsoClientProperties.class))
				.audiences()).containsExactly("my-app");
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context.getBean(SecurityFilterChain.class).getFilters())
				.anyMatch((filter) -> filter instanceof BearerTokenAuthenticationFilter);
		});
	}

	@Test
	void autoConfigurationWhenAudiencesSetThenTheyReplaceTheClientId() {
		this.runner.withPropertyValues(this.configured)
			.withPropertyValues("microsys.sso.client.resource-server.audiences=api-one, api-two")
			.run((context) -> assertThat(
					new MicrosysSsoClientPropertiesMapper(context.getBean(MicrosysSsoClientProperties.class))
						.audiences())
				.containsExactly("api-one", "api-two"));
	}

	@Test
	void autoConfigurationWhenResourceServerSwitchedOffThenNoBearerTokens() {
		this.runner.withPropertyValues(this.configured)
			.withPropertyValues("microsys.sso.client.resource-server.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MicrosysSsoResourceServer.class);
				assertThat(context.getBean(SecurityFilterChain.class).getFilters())
					.noneMatch((filter) -> filter instanceof BearerTokenAuthenticationFilter);
			});
	}

	@Test
	void autoConfigurationWhenResourceServerNotOnClassPathThenLoginOnly() {
		this.runner.withPropertyValues(this.configured)
			.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2.server.resource"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MicrosysSsoResourceServer.class);
				assertThat(context).hasBean("microsysSsoSecurityFilterChain");
			});
	}

	@Test
	void autoConfigurationWhenConfiguredThenBackChannelLogoutEndpointInTheChain() {
		this.runner.withPropertyValues(this.configured).run((context) -> {
			assertThat(context).hasSingleBean(OidcSessionRegistry.class);
			assertThat(context.getBean(SecurityFilterChain.class).getFilters())
				.anyMatch((filter) -> filter.getClass().getSimpleName().equals("OidcBackChannelLogoutFilter"));
		});
	}

	@Test
	void autoConfigurationWhenAppDefinesSessionRegistryThenOursStepsAside() {
		this.runner.withPropertyValues(this.configured).withUserConfiguration(OwnSessions.class).run((context) -> {
			assertThat(context).hasSingleBean(OidcSessionRegistry.class);
			assertThat(context).hasBean("ownSessions");
		});
	}

	@Test
	void starterJarListsTheAutoConfigurationForSpringBoot() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(MicrosysSsoClientAutoConfiguration.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSessions {

		@Bean
		OidcSessionRegistry ownSessions() {
			return new InMemoryOidcSessionRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http, MicrosysSsoLogin login) {
			http.authorizeHttpRequests((a) -> a.anyRequest().permitAll());
			return login.applyTo(http).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistrations {

		@Bean
		ClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId("custom")
				.clientId("custom")
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
				.authorizationUri("https://idp.example.com/authorize")
				.tokenUri("https://idp.example.com/token")
				.build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMapper {

		@Bean
		SsoRoleMapper adminsOnly() {
			return new SsoRoleMapper(EnumSet.of(SsoRole.ADMIN), Map.of());
		}

	}

}
