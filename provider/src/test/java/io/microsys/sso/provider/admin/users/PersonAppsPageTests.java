package io.microsys.sso.provider.admin.users;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
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

/** The "apps" tab of a person: memberships with their roles, the forms, bad input and permissions. */
@PageSliceTest({ PersonSecurityController.class, PersonAppsController.class })
class PersonAppsPageTests {

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
		this.path = "/sys/users/" + this.person.getUuid() + "/apps";
		AppsView view = new AppsView(this.person,
				List.of(new MembershipChanges.Row(1, "wiki", "Team Wiki", MembershipRole.STAFF, true, true)),
				List.of(new AppsView.App("crm", "Sales CRM")), true);
		given(this.apps.view(any(), eq(this.person.getUuid()), any())).willReturn(view);
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void pageWhenMemberThenRoleAndActionsShown() throws Exception {
		this.mvc.perform(get(this.path))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Team Wiki"), containsString("data-app=\"wiki\""),
					containsString("value=\"STAFF\" selected"), containsString("class=\"remove-form\""),
					containsString("id=\"add-form\""), containsString("Sales CRM"), containsString("details class=\"confirm\""))));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE }, language = "ar")
	void pageWhenArabicThenRightToLeft() throws Exception {
		this.mvc.perform(get(this.path).param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("إضافة إلى تطبيق")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void changesWhenNoChangePermissionThenForbiddenAndNothingChanged() throws Exception {
		for (String action : List.of("/add", "/role", "/active", "/remove")) {
			this.mvc
				.perform(post(this.path + action).with(csrf()).param("app", "wiki").param("role", "USER")
					.param("active", "false"))
				.andExpect(status().isForbidden());
		}
		verify(this.apps, never()).add(any(), anyString(), any(), any());
		verify(this.apps, never()).changeRole(any(), anyString(), any(), any());
		verify(this.apps, never()).setActive(any(), anyString(), any(), anyBoolean());
		verify(this.apps, never()).remove(any(), anyString(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void addWhenRoleUnknownThen400BesideTheRoleAndNothingChanged() throws Exception {
		this.mvc.perform(post(this.path + "/add").with(csrf()).param("app", "crm").param("role", "OWNER"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"add-role-error\"")))
			.andExpect(content().string(containsString("Choose one of the listed roles.")));
		this.mvc.perform(post(this.path + "/active").with(csrf()).param("app", "wiki").param("active", "maybe"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"row-problem\"")));
		verify(this.apps, never()).add(any(), anyString(), any(), any());
		verify(this.apps, never()).setActive(any(), anyString(), any(), anyBoolean());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void addWhenUnknownAppThen400BesideTheApp() throws Exception {
		given(this.apps.add(any(), eq(this.person.getUuid()), eq("nope"), eq("USER")))
			.willReturn(Outcome.fieldProblem("app", "person.apps.error.app"));
		this.mvc.perform(post(this.path + "/add").with(csrf()).param("app", "nope").param("role", "USER"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"add-app-error\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void removeWhenDoneThenRedirectWithMessage() throws Exception {
		given(this.apps.remove(any(), eq(this.person.getUuid()), eq("wiki"))).willReturn(Outcome.done("person.apps.removed"));
		this.mvc.perform(post(this.path + "/remove").with(csrf()).param("app", "wiki"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl(this.path))
			.andExpect(flash().attribute("flash", "person.apps.removed"));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void pageWhenOnlyViewThenNoForms() throws Exception {
		given(this.apps.view(any(), eq(this.person.getUuid()), any())).willReturn(new AppsView(this.person,
				List.of(new MembershipChanges.Row(1, "wiki", "Team Wiki", MembershipRole.USER, true, true)), List.of(),
				false));
		this.mvc.perform(get(this.path))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("class=\"remove-form\""))))
			.andExpect(content().string(not(containsString("id=\"add-form\""))));
	}

}
