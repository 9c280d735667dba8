package io.microsys.sso.provider.setup;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * Who reaches a {@code /sys} page ({@code /sys/settings}), decided by the provider's security chain
 * before the controller runs: a superuser, or staff holding {@code settings.view} (saving needs
 * {@code settings.change}), with a complete sign-in; nobody else.
 */
@PageSliceTest(SettingsController.class)
class SettingsPageAccessTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Mailer mailer;

	@MockitoBean
	SettingsChanges changes;

	@MockitoBean
	RuntimeSettingsChanges runtime;

	@BeforeEach
	void setUp() {
		given(this.changes.current(any())).willReturn(new SettingsChanges.Current(
				new RuntimeSettings.Registration(false, RegistrationMode.AUTO_LOGIN_AFTER_VERIFY),
				new RuntimeSettings.Branding(null, null)));
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
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.SETTINGS_VIEW)
	void settingsWhenStaffMayViewSettingsThenPageShownButSavingForbidden() throws Exception {
		this.mvc.perform(get("/sys/settings"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Public registration")))
			.andExpect(content().string(containsString("id=\"section-settings\"")));
		this.mvc.perform(post("/sys/settings").with(csrf()).param("registrationMode", "auto_login_after_verify"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/settings/branding").with(csrf()).param("colour", "#123456"))
			.andExpect(status().isForbidden());
		verify(this.changes, never()).registration(any(), any());
		verify(this.changes, never()).branding(any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.SCOPED_STAFF, permissions = { Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE })
	void saveBrandingWhenColourNotAColourThen400BesideTheFieldAndNothingChanged() throws Exception {
		this.mvc.perform(post("/sys/settings/branding").with(csrf())
			.param("logoUrl", "http://example.com/logo.png")
			.param("colour", "red;}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"colourValid-error\"")))
			.andExpect(content().string(containsString("id=\"logoUrlValid-error\"")))
			.andExpect(content().string(containsString("aria-invalid=\"true\"")));
		verify(this.changes, never()).branding(any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE })
	void saveBrandingWhenValidThenSavedAndBackToTheSettings() throws Exception {
		this.mvc.perform(post("/sys/settings/branding").with(csrf())
			.param("logoUrl", "https://cdn.example.com/logo.svg")
			.param("colour", "#A01B2C"))
			.andExpect(redirectedUrl("/sys/settings"))
			.andExpect(flash().attribute("flash", "settings.branding.saved"));
		verify(this.changes).branding(any(),
				eq(new RuntimeSettings.Branding("https://cdn.example.com/logo.svg", "#a01b2c")));
	}

	@Test
	@SignedInAs(Kind.STAFF)
	void settingsWhenStaffThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(status().isForbidden());
		verifyNoInteractions(this.changes);
	}

	@Test
	@SignedInAs(Kind.USER)
	void settingsWhenUserThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(status().isForbidden());
		verifyNoInteractions(this.changes);
	}

	@Test
	@SignedInAs(value = Kind.SUPERUSER, complete = false)
	void settingsWhenSuperuserOwesSecondFactorThenSentToChallenge() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(redirectedUrl("/accounts/login/challenge"));
		verifyNoInteractions(this.changes);
	}

	@Test
	void settingsWhenAnonymousThenSentToLogin() throws Exception {
		this.mvc.perform(get("/sys/settings")).andExpect(redirectedUrl("/accounts/login"));
		verifyNoInteractions(this.changes);
	}

}
