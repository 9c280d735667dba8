package io.microsys.sso.client;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.microsys.sso.client.autoconfigure.MicrosysSsoClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The login chain the starter installs, seen through HTTP requests to the app. */
class MicrosysSsoLoginTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MicrosysSsoClientAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withUserConfiguration(Registration.class)
		.withPropertyValues("microsys.sso.client.issuer-uri=https://sso.example.com/o",
				"microsys.sso.client.client-id=my-app");

	static MockMvc mvc(WebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	@Test
	void requestWhenAnonymousThenSentStraightToTheProviderLogin() {
		this.runner.run((context) -> {
			// A browser asks for HTML; a client that asks for anything gets the bearer challenge.
			var result = mvc(context)
				.perform(get("/anything").accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
				.andReturn();

			assertThat(result.getResponse().getStatus()).isEqualTo(302);
			assertThat(result.getResponse().getRedirectedUrl()).endsWith("/oauth2/authorization/microsys");
		});
	}

	@Test
	void requestWhenApiClientWithoutTokenThenBearerChallenge() {
		this.runner.run((context) -> {
			var result = mvc(context).perform(get("/api/me").accept("application/json")).andReturn();

			assertThat(result.getResponse().getStatus()).isEqualTo(401);
			assertThat(result.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");
		});
	}

	@Test
	void logoutWhenSignedInThenProviderEndSessionWithIdTokenHint() {
		this.runner.run((context) -> {
			var result = mvc(context)
				.perform(post("/logout").with(csrf()).with(oidcLogin().clientRegistration(Registration.registration())
					.idToken((token) -> token.tokenValue("the-id-token"))))
				.andReturn();

			assertThat(result.getResponse().getStatus()).isEqualTo(302);
			assertThat(result.getResponse().getRedirectedUrl())
				.startsWith("https://sso.example.com/o/logout?id_token_hint=the-id-token")
				.contains("post_logout_redirect_uri=http://localhost/");
		});
	}

	@Test
	void signInCallbackWhenNoSignInWasStartedThenRefusalPageInTheBrowsersLanguage() {
		this.runner.run((context) -> {
			MockMvc mvc = mvc(context);
			var english = mvc.perform(get("/login/oauth2/code/microsys").param("error", "access_denied")
				.param("state", "s")
				.header("Accept-Language", "en")).andReturn();
			var arabic = mvc.perform(get("/login/oauth2/code/microsys").param("error", "access_denied")
				.param("state", "s")
				.header("Accept-Language", "ar,en;q=0.5")).andReturn();

			assertThat(english.getResponse().getStatus()).isEqualTo(403);
			// The provider's own error (access_denied) answered to a sign-in this app did not start.
			assertThat(english.getResponse().getContentAsString()).contains("Please sign in again")
				.contains("dir=\"ltr\"");
			assertThat(english.getRequest().getSession(false)).satisfiesAnyOf((session) -> assertThat(session).isNull(),
					(session) -> assertThat(session.getAttribute("SPRING_SECURITY_CONTEXT")).isNull());
			assertThat(arabic.getResponse().getStatus()).isEqualTo(403);
			assertThat(arabic.getResponse().getContentAsString()).contains("lang=\"ar\" dir=\"rtl\"")
				.contains("<code>authorization_request_not_found</code>");
		});
	}

	@Test
	void signInCallbackWhenNoSignInWasStartedThenStyledPageWithWaysOutAndAStrictPolicy() {
		this.runner.run((context) -> {
			MockMvc mvc = mvc(context);
			var english = mvc.perform(get("/login/oauth2/code/microsys").param("code", "c")
				.param("state", "s")
				.header("Accept-Language", "en")).andReturn().getResponse();
			var arabic = mvc.perform(get("/login/oauth2/code/microsys").param("code", "c")
				.param("state", "s")
				.header("Accept-Language", "ar")).andReturn().getResponse();

			org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(english.getContentAsString());
			assertThat(page.title()).isEqualTo("Please sign in again");
			assertThat(page.selectFirst("#reason").text()).contains("not started here, or it took too long");
			assertThat(page.selectFirst("a#again").attr("href")).isEqualTo("/oauth2/authorization/microsys");
			assertThat(page.selectFirst("a#home").attr("href")).isEqualTo("/");
			assertThat(page.select("a#someone")).isEmpty();
			// Styled by an inline sheet that the policy allows by its hash, and nothing else.
			String style = page.selectFirst("style").data();
			String hash = java.util.Base64.getEncoder()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256")
					.digest(style.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			assertThat(english.getHeader("Content-Security-Policy")).startsWith("default-src 'none'")
				.contains("style-src 'sha256-" + hash + "'")
				.doesNotContain("unsafe");
			org.jsoup.nodes.Document arabicPage = org.jsoup.Jsoup.parse(arabic.getContentAsString());
			assertThat(arabicPage.selectFirst("html").attr("dir")).isEqualTo("rtl");
			assertThat(arabicPage.selectFirst("a#again").text()).isEqualTo("تسجيل الدخول مرة أخرى");
			assertThat(arabicPage.selectFirst("a#home").text()).isEqualTo("الذهاب إلى الصفحة الرئيسية");
		});
	}

	@Test
	void backChannelLogoutWhenTokenIsNotAValidJwtThenBadRequestWithoutCsrf() {
		this.runner.run((context) -> {
			var result = mvc(context)
				.perform(post("/logout/connect/back-channel/microsys").param("logout_token", "not-a-jwt"))
				.andReturn();

			assertThat(result.getResponse().getStatus()).isEqualTo(400);
			assertThat(result.getResponse().getContentAsString()).contains("invalid_request");
		});
	}

	@Test
	void backChannelLogoutWhenRegistrationUnknownThenRefused() {
		this.runner.run((context) -> {
			var result = mvc(context)
				.perform(post("/logout/connect/back-channel/other").param("logout_token", "not-a-jwt"))
				.andReturn();

			assertThat(result.getResponse().getStatus()).isEqualTo(400);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		static ClientRegistration registration() {
			return ClientRegistration.withRegistrationId("microsys")
				.clientId("my-app")
				.issuerUri("https://sso.example.com/o")
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
				.authorizationUri("https://sso.example.com/o/authorize")
				.tokenUri("https://sso.example.com/o/token")
				.jwkSetUri("https://sso.example.com/o/.well-known/jwks.json")
				.scope("openid")
				.providerConfigurationMetadata(Map.of("end_session_endpoint", "https://sso.example.com/o/logout"))
				.build();
		}

		@Bean
		ClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(registration());
		}

	}

}
