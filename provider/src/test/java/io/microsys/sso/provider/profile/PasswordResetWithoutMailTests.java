package io.microsys.sso.provider.profile;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.support.TestActors;
import io.microsys.sso.provider.support.TestAppAdmins;
import io.microsys.sso.provider.support.TestScopeSystem;
import io.microsys.sso.provider.support.TestSecuritySettings;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.SecondFactors;
import io.microsys.sso.provider.twofactor.TotpStore;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Password reset on a provider without a mail server: every page says that reset by email is not
 * available, none pretends a link was sent, and nothing is looked up or queued. A slice: only the
 * reset controller, without the servlet filters.
 */
@WebMvcTest(controllers = PasswordResetController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = Filter.class))
@AutoConfigureMockMvc(addFilters = false)
@EnableConfigurationProperties(ProviderProperties.class)
// The console's check is part of every MVC slice; this one's actor is nobody.
@Import({ TestActors.class, TestAppAdmins.class, AdminPolicy.class, AccessGuard.class, TestScopeSystem.class, TestSecuritySettings.class,
		PasswordPolicy.class })
class PasswordResetWithoutMailTests {

	static final String NOT_AVAILABLE = "Password reset by email is not available on this server.";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Mailer mailer;

	@MockitoBean
	UserRepository users;

	@MockitoBean
	LinkTokens links;

	@MockitoBean
	Passwords passwords;

	@MockitoBean
	TotpStore totp;

	@MockitoBean
	SecondFactors secondFactors;

	@MockitoBean
	LoginThrottle throttle;

	@MockitoBean
	AuditService audit;

	@MockitoBean
	PasswordResets resets;

	@BeforeEach
	void noMailServer() {
		given(this.mailer.isAvailable()).willReturn(false);
	}

	@Test
	void requestWhenNoMailServerThenNotAvailableWithoutAForm() throws Exception {
		this.mvc.perform(get("/accounts/password/reset"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(NOT_AVAILABLE)))
			.andExpect(content().string(not(containsString("<form"))));
	}

	@Test
	void sendWhenNoMailServerThenServiceUnavailableSaysSoAndNothingQueued() throws Exception {
		this.mvc.perform(post("/accounts/password/reset").param("login", "alice@example.com").param("lang", "ar"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("إعادة تعيين كلمة المرور بالبريد غير متاحة على هذا الخادم")))
			.andExpect(content().string(not(containsString("تحقق من بريدك"))));
		verifyNoInteractions(this.resets, this.users, this.links, this.throttle);
	}

	@Test
	void sentPageWhenNoMailServerThenNotAvailableInsteadOfCheckYourEmail() throws Exception {
		this.mvc.perform(get("/accounts/password/reset/sent"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(NOT_AVAILABLE)))
			.andExpect(content().string(not(containsString("Check your email"))));
	}

	@Test
	void sentPageWhenMailServerThenCheckYourEmail() throws Exception {
		given(this.mailer.isAvailable()).willReturn(true);

		this.mvc.perform(get("/accounts/password/reset/sent"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Check your email")));
	}

}
