package io.microsys.sso.provider.login;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.RuntimeSettings;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The sign-in page of a provider without a mail server: no "Forgot your password?" link, since the
 * reset link could not be mailed. A slice: only the page's controller, without the servlet filters.
 */
@WebMvcTest(controllers = LoginController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = Filter.class))
@AutoConfigureMockMvc(addFilters = false)
@EnableConfigurationProperties(ProviderProperties.class)
class LoginPageWithoutMailTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Mailer mailer;

	@MockitoBean
	RuntimeSettings settings;

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
