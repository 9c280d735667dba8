package io.microsys.sso.provider.admin.users;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The "sign-in and security" tab of a person: what it shows, its forms, and that a refused or
 * malformed action is a 400 with the problem beside its field and nothing done, and that the
 * actions need {@code users.change}.
 */
@PageSliceTest({ PersonSecurityController.class, PersonAppsController.class })
class PersonSecurityPageTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private PersonSecurity security;

	@MockitoBean
	private PersonApps apps;

	private SsoUser person;

	private String path;

	@BeforeEach
	void person() {
		this.person = new SsoUser("alice", AccountOrigin.ADMIN);
		this.person.setEmail("alice@example.com");
		this.path = "/sys/users/" + this.person.getUuid() + "/security";
		SignedInDevices.View device = new SignedInDevices.View("0123456789abcdef0123", "Firefox", "Linux",
				"0:0:0:0:0:0:0:1", Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:05:00Z"), false,
				false, new ArrayList<>(List.of("Team Wiki")));
		SecurityView view = new SecurityView(this.person, true, false, 7,
				List.of(new TrustedBrowsers.Trusted("Firefox", Instant.parse("2026-11-01T10:00:00Z"),
						Instant.parse("2026-12-31T10:00:00Z"), null)),
				new LoginThrottle.AccountState(5, Instant.parse("2026-12-31T11:00:00Z")),
				List.of(DeviceRow.of(device)), true);
		given(this.security.view(any(), eq(this.person.getUuid()), any())).willReturn(view);
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void pageWhenStaffMayChangeThenStateAndEveryActionFormShown() throws Exception {
		this.mvc.perform(get(this.path))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("id=\"authenticator-state\""),
					containsString("id=\"backup-codes\" dir=\"ltr\">7<"), containsString("Failed attempts lately: 5."),
					containsString("id=\"blocked\""), containsString("id=\"two-step-form\""),
					containsString("id=\"unblock-form\""), containsString("id=\"reset-link-form\""),
					containsString("id=\"temporary-form\""), containsString("id=\"end-all-form\""),
					containsString("class=\"end-session\""), containsString("aria-current=\"page\""),
					containsString("Team Wiki"))))
			// The loopback address is written readably, never as 0:0:0:0:0:0:0:1.
			.andExpect(content().string(containsString("127.0.0.1")))
			.andExpect(content().string(containsString("(this machine)")))
			.andExpect(content().string(not(containsString("0:0:0:0:0:0:0:1"))));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE }, language = "ar")
	void pageWhenArabicThenRightToLeftAndTranslated() throws Exception {
		this.mvc.perform(get(this.path).param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("التحقق بخطوتين")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_CHANGE })
	void pageWhenNoViewPermissionThenForbidden() throws Exception {
		this.mvc.perform(get(this.path)).andExpect(status().isForbidden());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void actionsWhenNoChangePermissionThenForbiddenAndNothingDone() throws Exception {
		for (String action : List.of("/reset-link", "/temporary-password", "/two-step/reset", "/unblock",
				"/sessions/end", "/sessions/end-all")) {
			this.mvc
				.perform(post(this.path + action).with(csrf())
					.param("currentPassword", "pw")
					.param("temporaryPassword", "a-long-temporary-password")
					.param("session", "0123456789abcdef0123"))
				.andExpect(status().isForbidden());
		}
		verify(this.security, never()).sendResetLink(any(), anyString(), any(), any());
		verify(this.security, never()).setTemporaryPassword(any(), anyString(), any(), any(), any());
		verify(this.security, never()).resetTwoStep(any(), anyString(), any(), any());
		verify(this.security, never()).unblock(any(), anyString(), any(), any());
		verify(this.security, never()).endSession(any(), anyString(), any(), any(), any());
		verify(this.security, never()).endAllSessions(any(), anyString(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void actionWhenNoCsrfTokenThenForbidden() throws Exception {
		this.mvc.perform(post(this.path + "/unblock").param("currentPassword", "pw")).andExpect(status().isForbidden());
		verify(this.security, never()).unblock(any(), anyString(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void actionWhenPasswordMissingThen400BesideTheFieldAndNothingDone() throws Exception {
		this.mvc.perform(post(this.path + "/two-step/reset").with(csrf()).param("currentPassword", ""))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"two-step-password-error\"")))
			.andExpect(content().string(containsString("Enter your current password")));
		this.mvc.perform(post(this.path + "/unblock").with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"unblock-password-error\"")));
		verify(this.security, never()).resetTwoStep(any(), anyString(), any(), any());
		verify(this.security, never()).unblock(any(), anyString(), any(), any());
		// Shown again only if the actor may change the person (a 403 otherwise, not a 400).
		verify(this.security, org.mockito.Mockito.times(2)).view(any(), eq(this.person.getUuid()), eq(Action.CHANGE));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void actionWhenPasswordWrongThen400BesideThatFormsField() throws Exception {
		given(this.security.sendResetLink(any(), eq(this.person.getUuid()), eq("wrong"), any()))
			.willReturn(Outcome.fieldProblem("currentPassword", "guard.wrong"));
		this.mvc.perform(post(this.path + "/reset-link").with(csrf()).param("currentPassword", "wrong"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"reset-link-password-error\"")))
			.andExpect(content().string(containsString("The current password is not correct.")))
			.andExpect(content().string(not(containsString("id=\"unblock-password-error\""))));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void temporaryPasswordWhenPolicyRefusesThen400BesideTheNewPassword() throws Exception {
		given(this.security.setTemporaryPassword(any(), eq(this.person.getUuid()), eq("mine"), eq("password"), any()))
			.willReturn(Outcome.fieldProblem("temporaryPassword", "password.too-common"));
		this.mvc
			.perform(post(this.path + "/temporary-password").with(csrf())
				.param("currentPassword", "mine")
				.param("temporaryPassword", "password"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"temporary-new-error\"")))
			.andExpect(content().string(containsString("This password is too common.")))
			.andExpect(content().string(not(containsString("value=\"password\""))));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void endSessionWhenHandleMalformedThen400AndNothingEnded() throws Exception {
		this.mvc
			.perform(post(this.path + "/sessions/end").with(csrf())
				.param("currentPassword", "mine")
				.param("session", "<script>"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"session-problem\"")));
		verify(this.security, never()).endSession(any(), anyString(), any(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void actionWhenDoneThenRedirectWithMessage() throws Exception {
		given(this.security.endAllSessions(any(), eq(this.person.getUuid()), eq("mine"), any()))
			.willReturn(Outcome.done("person.security.sessions.endedAll"));
		this.mvc.perform(post(this.path + "/sessions/end-all").with(csrf()).param("currentPassword", "mine"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl(this.path))
			.andExpect(flash().attribute("flash", "person.security.sessions.endedAll"));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void pageWhenOnlyViewThenNoActionForms() throws Exception {
		SecurityView readOnly = new SecurityView(this.person, false, false, 0, List.of(),
				new LoginThrottle.AccountState(0, null), List.of(), false);
		given(this.security.view(any(), eq(this.person.getUuid()), any())).willReturn(readOnly);
		this.mvc.perform(get(this.path))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<form method=\"post\" id="))))
			.andExpect(content().string(containsString("Not signed in anywhere right now.")));
	}

}
