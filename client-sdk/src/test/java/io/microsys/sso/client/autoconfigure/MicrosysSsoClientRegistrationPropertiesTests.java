package io.microsys.sso.client.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import io.microsys.sso.client.DiscoveredClientRegistrationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration the properties describe, discovered from a provider's discovery document
 * (served here by a small HTTP server on a loopback port).
 */
class MicrosysSsoClientRegistrationPropertiesTests {

	private HttpServer provider;

	private String issuer;

	private WebApplicationContextRunner runner;

	@BeforeEach
	void startProvider() throws IOException {
		this.provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.issuer = "http://127.0.0.1:" + this.provider.getAddress().getPort() + "/o";
		byte[] discovery = ("{\"issuer\":\"" + this.issuer + "\",\"authorization_endpoint\":\"" + this.issuer
				+ "/authorize\",\"token_endpoint\":\"" + this.issuer + "/token\",\"jwks_uri\":\"" + this.issuer
				+ "/.well-known/jwks.json\",\"userinfo_endpoint\":\"" + this.issuer + "/userinfo\","
				+ "\"end_session_endpoint\":\"" + this.issuer + "/logout\",\"response_types_supported\":[\"code\"],"
				+ "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")
			.getBytes(StandardCharsets.UTF_8);
		this.provider.createContext("/o/.well-known/openid-configuration", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, discovery.length);
			exchange.getResponseBody().write(discovery);
			exchange.close();
		});
		this.provider.start();
		this.runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MicrosysSsoClientAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
			.withPropertyValues("microsys.sso.client.issuer-uri=" + this.issuer, "microsys.sso.client.client-id=my-app");
	}

	@AfterEach
	void stopProvider() {
		this.provider.stop(0);
	}

	private static ClientRegistration registration(org.springframework.context.ApplicationContext context) {
		return context.getBean(DiscoveredClientRegistrationRepository.class).registration();
	}

	@Test
	void registrationWhenSecretSetThenConfidentialWithDiscoveredEndpointsAndDefaultScopes() {
		this.runner.withPropertyValues("microsys.sso.client.client-secret=s3cret-s3cret").run((context) -> {
			ClientRegistration registration = registration(context);
			assertThat(registration.getRegistrationId()).isEqualTo("microsys");
			assertThat(registration.getClientId()).isEqualTo("my-app");
			assertThat(registration.getClientSecret()).isEqualTo("s3cret-s3cret");
			assertThat(registration.getClientAuthenticationMethod())
				.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
			assertThat(registration.getScopes()).containsExactly("openid", "profile", "email");
			assertThat(registration.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
			assertThat(registration.getProviderDetails().getTokenUri()).isEqualTo(this.issuer + "/token");
			assertThat(registration.getProviderDetails().getJwkSetUri()).isEqualTo(this.issuer + "/.well-known/jwks.json");
			assertThat(registration.getProviderDetails().getConfigurationMetadata())
				.containsEntry("end_session_endpoint", this.issuer + "/logout");
		});
	}

	@Test
	void registrationWhenNoSecretThenPublicClient() {
		this.runner.withPropertyValues("microsys.sso.client.client-secret= ").run((context) -> {
			assertThat(registration(context).getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
		});
	}

	@Test
	void registrationWhenScopesAndRegistrationIdSetThenUsed() {
		this.runner
			.withPropertyValues("microsys.sso.client.scopes=openid,email,offline_access",
					"microsys.sso.client.registration-id=corp-sso")
			.run((context) -> {
				ClientRegistration registration = registration(context);
				assertThat(registration.getRegistrationId()).isEqualTo("corp-sso");
				assertThat(registration.getScopes()).containsExactly("openid", "email", "offline_access");
				assertThat(context.getBean(DiscoveredClientRegistrationRepository.class).findByRegistrationId("microsys"))
					.isNull();
			});
	}

	@Test
	void startWhenProviderUnreachableThenAppStillStarts() {
		this.provider.stop(0);
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(DiscoveredClientRegistrationRepository.class);
		});
	}

}
