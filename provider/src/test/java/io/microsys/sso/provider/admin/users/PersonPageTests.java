package io.microsys.sso.provider.admin.users;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.support.Language;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;
import io.microsys.sso.provider.support.Times;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The pages of a person in the console: the forms render, bad input answers 400 with the error
 * beside its field and nothing saved, read-only fields stay read-only, and the area's permission
 * is needed for each route.
 */
@PageSliceTest(PersonController.class)
@Import({ PasswordPolicy.class, Times.class })
class PersonPageTests {

	private static final String UUID = "0b9a3a52-0000-4000-8000-000000000001";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private PeopleAdministration people;

	private static PeopleAdministration.Choices choices(boolean superuser, boolean staff) {
		return new PeopleAdministration.Choices(List.of(new PeopleAdministration.Named(7, "Sales")), true,
				staff ? List.of(new PeopleAdministration.Named(3, "Helpdesk")) : List.of(),
				staff ? List.of(Permission.USERS_VIEW, Permission.USERS_CHANGE) : List.of(), superuser, staff,
				Language.values());
	}

	private static PeopleAdministration.PersonPage page(PeopleAdministration.Editable editable,
			PeopleAdministration.Choices choices) {
		PeopleAdministration.PersonView person = new PeopleAdministration.PersonView(UUID, "bob", "Bob Stone",
				"bob@example.com", "Bob", "Stone", null, "en", UserStatus.DEACTIVATED, Instant.parse("2026-12-01T10:00:00Z"),
				"alice", AccountOrigin.ADMIN, Instant.parse("2026-11-01T10:00:00Z"), null, true, null, null,
				Tier.CENTRAL_STAFF, true, false, List.of(), EnumSet.of(Permission.LOGS_VIEW),
				EnumSet.of(Permission.LOGS_VIEW), 4);
		PersonEditForm form = new PersonEditForm("bob@example.com", "Bob", "Stone", null, "en", null, true, false,
				List.of(), List.of("logs.view"), 4L);
		return new PeopleAdministration.PersonPage(person, editable, choices, choices.groups(), form);
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_ADD })
	void newPersonWhenStaffThenFormWithoutTheSuperuserFlag() throws Exception {
		given(this.people.newPersonChoices(any())).willReturn(choices(false, false));
		this.mvc.perform(get("/sys/users/new"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"new-person\"")))
			.andExpect(content().string(containsString("name=\"passwordChoice\"")))
			.andExpect(content().string(not(containsString("id=\"superuser\""))))
			.andExpect(content().string(not(containsString("id=\"permissions\""))));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void newPersonWhenSuperuserInArabicThenEveryChoiceRightToLeft() throws Exception {
		given(this.people.newPersonChoices(any())).willReturn(choices(true, true));
		this.mvc.perform(get("/sys/users/new").param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("id=\"superuser\"")))
			.andExpect(content().string(containsString("الأشخاص: عرض")))
			.andExpect(content().string(containsString("إضافة شخص")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_ADD })
	void createWhenFieldsAreWrongThen400WithErrorsBesideThemAndNothingSaved() throws Exception {
		given(this.people.newPersonChoices(any())).willReturn(choices(false, false));
		this.mvc
			.perform(post("/sys/users").with(csrf())
				.param("username", "")
				.param("email", "not-an-address")
				.param("language", "en")
				.param("passwordChoice", "set")
				.param("password", "Tr0ub4dor&3-horse-battery")
				.param("passwordConfirm", "something-else-entirely"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"username-error\"")))
			.andExpect(content().string(containsString("id=\"email-error\"")))
			.andExpect(content().string(containsString("id=\"passwordConfirm-error\"")))
			.andExpect(content().string(containsString("value=\"not-an-address\"")))
			.andExpect(content().string(not(containsString("Tr0ub4dor"))));
		verify(this.people, never()).create(any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_ADD })
	void createWhenTheServiceRefusesAValueThen400WithTheErrorBesideIt() throws Exception {
		given(this.people.newPersonChoices(any())).willReturn(choices(false, false));
		given(this.people.create(any(), any())).willThrow(new FieldProblem("username", "register.error.username-taken"));
		this.mvc
			.perform(post("/sys/users").with(csrf())
				.param("username", "bob")
				.param("email", "bob@example.com")
				.param("language", "en")
				.param("passwordChoice", "link"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"username-error\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_ADD })
	void createWhenAcceptedThenRedirectsToThePersonWithAMessage() throws Exception {
		given(this.people.create(any(), any())).willReturn(UUID);
		this.mvc
			.perform(post("/sys/users").with(csrf())
				.param("username", "bob")
				.param("email", "bob@example.com")
				.param("language", "en")
				.param("passwordChoice", "link"))
			.andExpect(redirectedUrl("/sys/users/" + UUID));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void createWhenWithoutUsersAddThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/users/new")).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/users").with(csrf()).param("username", "bob")).andExpect(status().isForbidden());
		verify(this.people, never()).create(any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void changeWhenWithoutUsersChangeThenForbidden() throws Exception {
		this.mvc.perform(post("/sys/users/" + UUID).with(csrf()).param("email", "x@example.com").param("version", "1"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/users/" + UUID + "/deactivate").with(csrf())).andExpect(status().isForbidden());
		verify(this.people, never()).change(any(), anyString(), any());
		verify(this.people, never()).deactivate(any(), anyString());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void personWhenActorMayNotChangeAuthorityThenThoseFieldsAreReadOnlyAndKept() throws Exception {
		given(this.people.view(any(), eq(UUID)))
			.willReturn(page(new PeopleAdministration.Editable(true, false, false, false, false), choices(false, false)));
		this.mvc.perform(get("/sys/users/" + UUID))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"tab-profile\"")))
			.andExpect(content().string(containsString("id=\"edit\"")))
			.andExpect(content().string(containsString("id=\"deactivated-when\"")))
			.andExpect(content().string(containsString("alice")))
			// The staff flag and the permission are shown, disabled, and sent back as they are.
			.andExpect(content().string(containsString("<input type=\"checkbox\" id=\"staff\" value=\"true\" disabled checked=\"checked\">")))
			.andExpect(content().string(containsString("<input type=\"hidden\" name=\"staff\" value=\"true\">")))
			.andExpect(content().string(containsString("<input type=\"hidden\" name=\"permissions\" value=\"logs.view\">")))
			.andExpect(content().string(not(containsString("id=\"superuser\""))))
			.andExpect(content().string(not(containsString("id=\"state-actions\""))));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void personWhenDeactivatedThenOffersReactivation() throws Exception {
		given(this.people.view(any(), eq(UUID)))
			.willReturn(page(new PeopleAdministration.Editable(true, true, true, true, true), choices(true, true)));
		this.mvc.perform(get("/sys/users/" + UUID))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"reactivate\"")))
			.andExpect(content().string(not(containsString("id=\"deactivate\""))))
			.andExpect(content().string(containsString("id=\"superuser\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void changeWhenEmailIsWrongThen400BesideItAndNothingSaved() throws Exception {
		given(this.people.view(any(), eq(UUID)))
			.willReturn(page(new PeopleAdministration.Editable(true, false, false, false, false), choices(false, false)));
		this.mvc
			.perform(post("/sys/users/" + UUID).with(csrf())
				.param("email", "nope")
				.param("language", "en")
				.param("version", "4"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"email-error\"")));
		verify(this.people, never()).change(any(), anyString(), any());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void changeWhenChangedMeanwhileThenConflictPage() throws Exception {
		given(this.people.change(any(), eq(UUID), any())).willThrow(new ChangedMeanwhileException());
		this.mvc
			.perform(post("/sys/users/" + UUID).with(csrf())
				.param("email", "bob@example.com")
				.param("language", "en")
				.param("version", "3"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("id=\"conflict\"")))
			.andExpect(content().string(containsString("href=\"/sys/users/" + UUID + "\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void activityWhenPageParameterIsNotOneThen400() throws Exception {
		this.mvc.perform(get("/sys/users/" + UUID + "/activity").param("before", "abc"))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/sys/users/" + UUID + "/activity").param("before", "-5"))
			.andExpect(status().isBadRequest());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void activityWhenEmptyThenSaysWhatWillShow() throws Exception {
		PeopleAdministration.PersonPage page = page(new PeopleAdministration.Editable(false, false, false, false, false),
				choices(false, false));
		given(this.people.activity(any(), eq(UUID), any()))
			.willReturn(new PeopleAdministration.ActivityPage(page.person(), List.of(), null, false));
		this.mvc.perform(get("/sys/users/" + UUID + "/activity"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"no-activity\"")))
			.andExpect(content().string(containsString("id=\"tab-activity\"")));
	}

}
