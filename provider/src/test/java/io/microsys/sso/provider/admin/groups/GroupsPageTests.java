package io.microsys.sso.provider.admin.groups;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.groups.GroupAdministration.Membership;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
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

/**
 * The pages of {@code /sys/groups}: who may open them, the permission boxes (the ones the actor
 * may not change disabled and kept; manage_scopes and manage_staff only for superusers), members
 * with the hidden ones counted, and bad input answered 400 beside its field with nothing changed.
 */
@PageSliceTest(GroupsController.class)
class GroupsPageTests {

	private static final GroupDetails HELPDESK = new GroupDetails(3, "Helpdesk", "First line",
			EnumSet.of(Permission.USERS_VIEW, Permission.LOGS_VIEW, Permission.MANAGE_STAFF));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	GroupAdministration groups;

	@BeforeEach
	void setUp() {
		given(this.groups.list(any(), anyString(), anyInt()))
			.willReturn(new PageImpl<>(List.of(new GroupRow(3, "Helpdesk", "First line", 4, 3)), PageRequest.of(0, 50), 1));
		given(this.groups.find(any(), eq(3L))).willReturn(HELPDESK);
		given(this.groups.grantable(any())).willReturn(EnumSet.of(Permission.USERS_VIEW, Permission.USERS_CHANGE));
		given(this.groups.members(any(), eq(3L), anyInt())).willReturn(new Members(new PageImpl<>(
				List.of(new MemberRow("u-1", "alice", "Alice Doe", "alice@example.com")), PageRequest.of(0, 50), 1), 2));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.GROUPS_VIEW)
	void listWhenStaffMayViewGroupsThenGroupsWithTheirCounts() throws Exception {
		this.mvc.perform(get("/sys/groups"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"group-3\"")))
			.andExpect(content().string(containsString("First line")))
			.andExpect(content().string(containsString("id=\"section-groups\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.GROUPS_VIEW)
	void listWhenNoGroupThenSaysWhatToDo() throws Exception {
		given(this.groups.list(any(), anyString(), anyInt()))
			.willReturn(new PageImpl<>(List.of(), PageRequest.of(0, 50), 0));
		this.mvc.perform(get("/sys/groups"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("There is no group yet")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void groupsWhenStaffWithoutTheGroupsPermissionThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/groups")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/groups/3")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/groups/3/members")).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/groups/3/members").with(csrf()).param("login", "alice"))
			.andExpect(status().isForbidden());
		verifyNoInteractions(this.groups);
	}

	@Test
	@SignedInAs(kind = Kind.USER, permissions = Permission.GROUPS_VIEW)
	void groupsWhenPlainPersonThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/groups")).andExpect(status().isForbidden());
		verifyNoInteractions(this.groups);
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.GROUPS_VIEW)
	void listWhenPageBadThen400() throws Exception {
		this.mvc.perform(get("/sys/groups").param("page", "x"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"page-error\"")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.GROUPS_VIEW)
	void editWhenNotSuperuserThenOnlyGrantableBoxesOpenAndManageKeptHidden() throws Exception {
		this.mvc.perform(get("/sys/groups/3"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"Helpdesk\"")))
			.andExpect(content().string(containsString(
					"<input type=\"checkbox\" name=\"permissions\" value=\"users.view\" id=\"permission-users.view\" aria-label=\"People · View\" checked")))
			.andExpect(content().string(containsString(
					"<input type=\"checkbox\" disabled id=\"permission-logs.view\" aria-label=\"Activity log · View\" checked")))
			.andExpect(content().string(containsString("<input type=\"hidden\" name=\"permissions\" value=\"logs.view\">")))
			.andExpect(content().string(not(containsString("id=\"permission-manage_staff\""))))
			.andExpect(content().string(containsString("<input type=\"hidden\" name=\"permissions\" value=\"manage_staff\">")));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void editWhenSuperuserThenManageBoxesShown() throws Exception {
		given(this.groups.grantable(any())).willReturn(EnumSet.allOf(Permission.class));
		this.mvc.perform(get("/sys/groups/3"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"permission-manage_staff\" checked")))
			.andExpect(content().string(containsString("id=\"permission-manage_scopes\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_ADD })
	void createWhenValidThenRedirectedWithAMessage() throws Exception {
		given(this.groups.create(any(), eq("Auditors"), eq(null), eq(Set.of(Permission.LOGS_VIEW)))).willReturn(8L);
		this.mvc.perform(post("/sys/groups").with(csrf()).param("name", "Auditors").param("permissions", "logs.view"))
			.andExpect(redirectedUrl("/sys/groups/8"))
			.andExpect(flash().attribute("flash", "groups.flash.created"));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_ADD })
	void createWhenPermissionUnknownOrNameMissingThen400AndNothingCreated() throws Exception {
		this.mvc.perform(post("/sys/groups").with(csrf()).param("name", "Auditors").param("permissions", "root"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"permissions-error\"")));
		this.mvc.perform(post("/sys/groups").with(csrf()).param("name", ""))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"name-error\"")));
		verify(this.groups, never()).create(any(), any(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE })
	void changeWhenNameTakenThen400BesideTheName() throws Exception {
		org.mockito.BDDMockito.willThrow(new GroupNameTakenException())
			.given(this.groups)
			.change(any(), eq(3L), eq("Admins"), any(), any());
		this.mvc.perform(post("/sys/groups/3").with(csrf()).param("name", "Admins"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("A group already has this name")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.GROUPS_VIEW)
	void membersWhenSomeHiddenThenCountedNeverListed() throws Exception {
		this.mvc.perform(get("/sys/groups/3/members"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"member-u-1\"")))
			.andExpect(content().string(containsString("And 2 other members you cannot see.")))
			.andExpect(content().string(not(containsString("id=\"add-member\""))));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE })
	void addMemberWhenNobodyVisibleHasThatLoginThen400BesideTheField() throws Exception {
		given(this.groups.addMember(any(), eq(3L), eq("ghost"))).willReturn(Membership.NO_PERSON);
		this.mvc.perform(post("/sys/groups/3/members").with(csrf()).param("login", "ghost"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"login-error\"")))
			.andExpect(content().string(containsString("No person you can see has this username or email.")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE })
	void addMemberWhenLoginBlankOrTooLongThen400AndNothingAdded() throws Exception {
		this.mvc.perform(post("/sys/groups/3/members").with(csrf()).param("login", " "))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"login-error\"")));
		this.mvc.perform(post("/sys/groups/3/members").with(csrf()).param("login", "a".repeat(255)))
			.andExpect(status().isBadRequest());
		verify(this.groups, never()).addMember(any(), anyLong(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE })
	void removeMemberThenBackToTheMembersWithAMessage() throws Exception {
		given(this.groups.removeMember(any(), eq(3L), eq("u-1"))).willReturn(Membership.DONE);
		this.mvc.perform(post("/sys/groups/3/members/u-1/remove").with(csrf()))
			.andExpect(redirectedUrl("/sys/groups/3/members"))
			.andExpect(flash().attribute("flash", "groups.flash.memberRemoved"));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.GROUPS_VIEW, Permission.GROUPS_CHANGE })
	void deleteWhenWithoutTheDeletePermissionThenForbidden() throws Exception {
		this.mvc.perform(post("/sys/groups/3/delete").with(csrf())).andExpect(status().isForbidden());
		verify(this.groups, never()).delete(any(), anyLong());
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void membersWhenArabicThenRightToLeft() throws Exception {
		this.mvc.perform(get("/sys/groups/3/members").param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("و2 من الأعضاء")));
	}

}
