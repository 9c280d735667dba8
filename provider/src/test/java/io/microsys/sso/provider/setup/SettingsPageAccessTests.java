package io.microsys.sso.provider.setup;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.Superusers;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * Who reaches a {@code /sys} page ({@code /sys/settings}), decided by the provider's security chain
 * before the controller runs: a superuser with a complete sign-in, nobody else.
 */
@PageSliceTest(SettingsController.class)
class SettingsPageAccessTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Superusers superusers;

	@MockitoBean
	RuntimeSettings settings;

	@MockitoBean
	Mailer mailer;

	@MockitoBean
	SettingsChanges changes;

	@BeforeEach
	void setUp() {
		given(this.superusers.require(any())).willReturn(new SsoUser("superuser", AccountOrigin.ADMIN));
		given(this.settings.registration())
			.willReturn(new RuntimeSettings.Registration(false, RegistrationMode.AUTO_LOGIN_AFTER_VERIFY));
	}

	@Test
	@SignedInAs(Kind.SUPERUSER)
	void settingsWhenSuperuserThenPageShown() throws Exception {
		this.mvc.perform(get("/sys/settings"))
			.andExpect(status().isOk())
			.andExpect(view().name(SettingsController.VIEW))
			.andExpect(content().string(containsString("Public registration")));
	}

	@Test
	@SignedInAs(value = Kind.SUPERUSER, secondFactor = SignIn.Factor.TOTP, language = "ar")
	void settingsWhenSuperuserWithSecondFactorInArabicThenPageShownInArabic() throws Exception {
		this.mvc.perform(get("/sys/settings"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")));
	}

	@Test
	@SignedInAs(Kind.STAFF)
	void settingsWhenStaffThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(status().isForbidden());
		verifyNoInteractions(this.superusers, this.settings);
	}

	@Test
	@SignedInAs(Kind.USER)
	void settingsWhenUserThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(status().isForbidden());
		verifyNoInteractions(this.superusers, this.settings);
	}

	@Test
	@SignedInAs(value = Kind.SUPERUSER, complete = false)
	void settingsWhenSuperuserOwesSecondFactorThenSentToChallenge() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(redirectedUrl("/accounts/login/challenge"));
		verifyNoInteractions(this.superusers, this.settings);
	}

	@Test
	void settingsWhenAnonymousThenSentToLogin() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(redirectedUrl("/accounts/login"));
		verifyNoInteractions(this.superusers, this.settings);
	}

}
