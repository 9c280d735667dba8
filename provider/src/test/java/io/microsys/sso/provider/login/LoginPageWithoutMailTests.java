package io.microsys.sso.provider.login;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.TestActors;
import io.microsys.sso.provider.support.TestAppAdmins;
import io.microsys.sso.provider.support.TestScopeSystem;
import io.microsys.sso.provider.support.TestSecuritySettings;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sign-in page of a provider without a mail server: no "Forgot your password?" link, since the
 * reset link could not be mailed; the app being signed into and the configured logo. A slice: only the page's controller, without the servlet filters.
 */
@WebMvcTest(controllers = LoginController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = Filter.class))
@AutoConfigureMockMvc(addFilters = false)
@EnableConfigurationProperties(ProviderProperties.class)
// The console's configuration and advice come with every MVC slice.
@Import({ TestActors.class, TestAppAdmins.class, AdminPolicy.class, AccessGuard.class, TestScopeSystem.class, TestSecuritySettings.class,
		PasswordPolicy.class,
		LoginPageWithoutMailTests.Clocks.class })
class LoginPageWithoutMailTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Mailer mailer;

	@MockitoBean
	RuntimeSettings settings;

	@MockitoBean
	AppBeingSignedInto app;

	@BeforeEach
	void setUp() {
		given(this.settings.branding()).willReturn(new RuntimeSettings.Branding(null, null));
		given(this.app.name(any(), any())).willReturn(Optional.empty());
	}

	@Test
	void loginPageWhenSignInStartedByAKnownAppThenNamesItAndShowsTheLogo() throws Exception {
		given(this.app.name(any(), any())).willReturn(Optional.of("Team Wiki"));
		given(this.settings.branding())
			.willReturn(new RuntimeSettings.Branding("https://cdn.example.com/logo.svg", "#a01b2c"));

		this.mvc.perform(get("/accounts/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<h1 id=\"login-title\">Sign in to Team Wiki</h1>")))
			.andExpect(content().string(containsString("src=\"https://cdn.example.com/logo.svg\"")))
			.andExpect(content().string(not(containsString("id=\"topbar-account\""))));
		this.mvc.perform(get("/accounts/login").param("lang", "ar"))
			.andExpect(content().string(containsString("تسجيل الدخول إلى Team Wiki")));
	}

	@Test
	void loginPageWhenNoAppThenPlainTitleAndNoLogo() throws Exception {
		this.mvc.perform(get("/accounts/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<h1 id=\"login-title\">Sign in</h1>")))
			.andExpect(content().string(not(containsString("id=\"logo\""))));
	}

	@Test
	void loginPageWhenNoMailServerThenNoForgotPasswordLink() throws Exception {
		given(this.mailer.isAvailable()).willReturn(false);

		this.mvc.perform(get("/accounts/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<form method=\"post\" action=\"/accounts/login\"")))
			.andExpect(content().string(not(containsString("/accounts/password/reset"))))
			.andExpect(content().string(not(containsString("Forgot your password?"))));
	}

	@Test
	void loginPageWhenMailServerThenForgotPasswordLink() throws Exception {
		given(this.mailer.isAvailable()).willReturn(true);

		this.mvc.perform(get("/accounts/login").param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/accounts/password/reset\"")))
			.andExpect(content().string(containsString("هل نسيت كلمة المرور؟")));
	}

}
