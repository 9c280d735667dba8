package io.microsys.sso.provider.admin.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.validation.Errors;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.admin.users.PeopleListing.ScopeOption;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;
import io.microsys.sso.provider.support.Times;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The people list page: what it shows, its 400s for bad query parameters (the page again, the
 * problem beside the field) and who may open it. The search service is mocked; it answers with
 * the real policy's verdict on adding people.
 */
@PageSliceTest(UsersController.class)
@Import(Times.class)
class UsersPageTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private AdminPolicy policy;

	@MockitoBean
	private PeopleSearch people;

	private final PersonRow alice = new PersonRow("0b7c9c5e-0000-4000-8000-000000000001", "alice",
			"alice@example.com", "Alice", "Example", "Finance", UserStatus.ACTIVE, true, false, AccountOrigin.ADMIN,
			true, Instant.parse("2026-11-30T10:15:00Z"), Instant.parse("2026-01-02T03:04:00Z"));

	private final PersonRow bob = new PersonRow("0b7c9c5e-0000-4000-8000-000000000002", "bob", null, null, null,
			null, UserStatus.PENDING_APPROVAL, false, false, AccountOrigin.SIGNUP, false, null,
			Instant.parse("2026-01-02T03:04:00Z"));

	private List<PersonRow> rows = List.of();

	@BeforeEach
	void answerWithThePolicy() {
		given(this.people.list(any(), any(), any())).willAnswer((invocation) -> {
			Actor actor = invocation.getArgument(0);
			PeopleQueryForm form = invocation.getArgument(1);
			Errors errors = invocation.getArgument(2);
			return new PeopleListing(errors.hasErrors() ? List.of() : this.rows, form.pageNumber(), form.pageSize(),
					this.rows.size() > 1, false, List.of(new ScopeOption(7, "Finance")), true, false,
					this.policy.mayUse(actor, Area.USERS, Action.ADD).isAllowed(), form.narrowed(), errors.hasErrors(), false);
		});
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void listWhenStaffMayViewThenRowsLinkToEachPersonWithBadgesAndSortableHeaders() throws Exception {
		this.rows = List.of(this.alice, this.bob);
		this.mvc.perform(get("/sys/users").param("sort", "lastSignIn").param("dir", "desc"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/sys/users/" + this.alice.uuid() + "\"")))
			.andExpect(content().string(containsString("Alice Example")))
			.andExpect(content().string(containsString("alice@example.com")))
			.andExpect(content().string(containsString("2026-11-30 10:15 UTC")))
			.andExpect(content().string(containsString("Two-step")))
			.andExpect(content().string(containsString("Pending")))
			.andExpect(content().string(containsString("aria-sort=\"descending\"")))
			.andExpect(content().string(containsString("href=\"/sys/users?sort=lastSignIn\"")))
			.andExpect(content().string(containsString("id=\"next\"")))
			.andExpect(content().string(containsString("href=\"/sys/users/export.csv?sort=lastSignIn&amp;dir=desc\"")))
			.andExpect(content().string(not(containsString("id=\"add-person\""))));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_ADD })
	void listWhenStaffMayAddThenAddPersonIsOffered() throws Exception {
		this.mvc.perform(get("/sys/users"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"add-person\"")))
			.andExpect(content().string(containsString("id=\"empty-add\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void listWhenNothingMatchesAFilterThenSaysToClearIt() throws Exception {
		this.mvc.perform(get("/sys/users").param("q", "zz"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"empty-clear\"")))
			.andExpect(content().string(not(containsString("id=\"empty-add\""))));
	}

	@ParameterizedTest
	@CsvSource({ "sort,password", "dir,up", "page,-1", "page,abc", "size,1000", "state,gone", "tier,root",
			"origin,MAGIC", "twoStep,maybe", "from,2026-13", "to,yesterday", "scope,finance" })
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void listWhenAQueryParameterIsBadThenBadRequestWithTheErrorBesideIt(String name, String value) throws Exception {
		String field = name.equals("dir") ? "dir" : name;
		this.mvc.perform(get("/sys/users").param(name, value))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"" + field + "-error\"")))
			.andExpect(content().string(containsString("id=\"filters\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void listWhenSearchIsOverlongThenBadRequest() throws Exception {
		this.mvc.perform(get("/sys/users").param("q", "a".repeat(151)))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"q-error\"")));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void listWhenArabicThenRightToLeft() throws Exception {
		this.rows = List.of(this.alice);
		this.mvc.perform(get("/sys/users").param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("الأشخاص")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_ADD)
	void listWhenStaffLacksViewThenForbiddenNotAnEmptyList() throws Exception {
		this.mvc.perform(get("/sys/users")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/users/export.csv")).andExpect(status().isForbidden());
		verify(this.people, never()).list(any(), any(), any());
		verify(this.people, never()).export(any(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.USER, permissions = Permission.USERS_VIEW)
	void listWhenPlainPersonThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/users")).andExpect(status().isForbidden());
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void exportWhenAllowedThenCsvAttachment() throws Exception {
		given(this.people.export(any(), any(), any()))
			.willReturn(Optional.of((out) -> out.write("uuid,username\r\n".getBytes())));
		this.mvc.perform(get("/sys/users/export.csv").param("q", "al"))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
				.string("Content-Disposition", containsString("attachment")))
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andExpect(content().string("uuid,username\r\n"));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void exportWhenAQueryParameterIsBadThenBadRequestWithThePage() throws Exception {
		given(this.people.export(any(), any(), any())).willReturn(Optional.empty());
		this.mvc.perform(get("/sys/users/export.csv").param("sort", "password"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"sort-error\"")));
	}

}
