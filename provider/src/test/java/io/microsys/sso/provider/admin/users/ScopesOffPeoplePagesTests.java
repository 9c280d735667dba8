package io.microsys.sso.provider.admin.users;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.validation.Errors;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.admin.users.PeopleListing.ScopeOption;
import io.microsys.sso.provider.settings.ScopeSystem;
import io.microsys.sso.provider.support.Language;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;
import io.microsys.sso.provider.support.Times;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The people pages with the scope system on and off: on, the list has its scope filter and
 * column and a person's forms their scope field; off, none of them (not even a hidden field), in
 * both languages, and a scope filter the service refuses is shown although its field is not.
 * Besides, a person's email is optional on their form: left empty, the form reaches the service,
 * which decides (a malformed one is still refused beside the field).
 */
@PageSliceTest({ UsersController.class, PersonController.class })
@Import({ PasswordPolicy.class, Times.class })
class ScopesOffPeoplePagesTests {

	private static final String UUID = "0b9a3a52-0000-4000-8000-0000000000f1";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ScopeSystem scopeSystem;

	@MockitoBean
	private PeopleSearch search;

	@MockitoBean
	private PeopleAdministration people;

	private final PersonRow alice = new PersonRow("0b7c9c5e-0000-4000-8000-0000000000f1", "alice",
			"alice@example.com", "Alice", "Example", "Finance", UserStatus.ACTIVE, false, false, AccountOrigin.ADMIN,
			false, null, Instant.parse("2026-01-02T03:04:00Z"));

	@AfterEach
	void scopesOnAgain() {
		this.scopeSystem.turn(true, "test");
	}

	private void listAnswers(boolean scopesOn) {
		given(this.search.list(any(), any(), any())).willAnswer((invocation) -> {
			PeopleQueryForm form = invocation.getArgument(1);
			Errors errors = invocation.getArgument(2);
			if (!scopesOn && !PeopleQueryForm.blank(form.scope())) {
				errors.rejectValue("scope", "console.people.error.scopesOff");
			}
			return new PeopleListing(errors.hasErrors() ? List.of() : List.of(this.alice), 0, 50, false, false,
					scopesOn ? List.of(new ScopeOption(7, "Finance")) : List.of(), scopesOn, false, true,
					form.narrowed(), errors.hasErrors(), false);
		});
	}

	private static PeopleAdministration.Choices choices() {
		return new PeopleAdministration.Choices(List.of(new PeopleAdministration.Named(7, "Sales")), true, List.of(),
				List.of(), false, false, Language.values());
	}

	private static PeopleAdministration.PersonPage page(boolean scopeEditable) {
		PeopleAdministration.PersonView person = new PeopleAdministration.PersonView(UUID, "bob", "Bob Stone", null,
				"Bob", "Stone", null, "en", UserStatus.ACTIVE, null, null, AccountOrigin.BOOTSTRAP,
				Instant.parse("2026-11-01T10:00:00Z"), null, false, 7L, "Sales", Tier.PERSON, false, false, List.of(),
				EnumSet.noneOf(Permission.class), EnumSet.noneOf(Permission.class), 4);
		PersonEditForm form = new PersonEditForm(null, "Bob", "Stone", null, "en", 7L, false, false, List.of(),
				List.of(), 4L);
		return new PeopleAdministration.PersonPage(person,
				new PeopleAdministration.Editable(true, scopeEditable, false, false, true), choices(), List.of(), form);
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.USERS_VIEW)
	void listWhenScopesOnThenScopeFilterAndColumn() throws Exception {
		listAnswers(true);
		this.mvc.perform(get("/sys/users"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"scope\"")))
			.andExpect(content().string(containsString("id=\"column-scope\"")))
			.andExpect(content().string(containsString("<td dir=\"auto\" class=\"scope\">Finance</td>")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.USERS_VIEW, language = "ar")
	void listWhenScopesOffThenNeitherScopeFilterNorColumnInEitherLanguage() throws Exception {
		this.scopeSystem.turn(false, "test");
		listAnswers(false);
		for (String language : List.of("en", "ar")) {
			this.mvc.perform(get("/sys/users").param("lang", language))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"person-" + this.alice.uuid() + "\"")))
				.andExpect(content().string(not(containsString("id=\"scope\""))))
				.andExpect(content().string(not(containsString("name=\"scope\""))))
				.andExpect(content().string(not(containsString("id=\"column-scope\""))))
				.andExpect(content().string(not(containsString("Finance"))));
		}
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.USERS_VIEW)
	void listWhenScopesOffAndAScopeFilterIsSentThen400SayingWhy() throws Exception {
		this.scopeSystem.turn(false, "test");
		listAnswers(false);
		this.mvc.perform(get("/sys/users").param("scope", "7"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"scope-error\"")))
			.andExpect(content().string(containsString("Scopes are turned off: there is no scope filter.")))
			.andExpect(content().string(not(containsString("id=\"column-scope\""))));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.USERS_ADD)
	void newPersonWhenScopesOnThenScopeFieldAndWhenOffNone() throws Exception {
		given(this.people.newPersonChoices(any())).willReturn(choices());
		this.mvc.perform(get("/sys/users/new"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"scope\"")))
			.andExpect(content().string(containsString("Sales")));
		this.scopeSystem.turn(false, "test");
		this.mvc.perform(get("/sys/users/new"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"new-person\"")))
			.andExpect(content().string(not(containsString("id=\"scope\""))))
			.andExpect(content().string(not(containsString("name=\"scope\""))))
			.andExpect(content().string(not(containsString("Sales"))));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void personWhenScopesOnThenScopeInTheSummaryAndTheForm() throws Exception {
		given(this.people.view(any(), anyString())).willReturn(page(true));
		this.mvc.perform(get("/sys/users/" + UUID))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"summary-scope\"")))
			.andExpect(content().string(containsString("<select id=\"scope\" name=\"scope\"")));
		given(this.people.view(any(), anyString())).willReturn(page(false));
		this.mvc.perform(get("/sys/users/" + UUID))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("type=\"hidden\" name=\"scope\" value=\"7\"")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE },
			language = "ar")
	void personWhenScopesOffThenNoScopeAnywhereAndTheEmailIsOptional() throws Exception {
		this.scopeSystem.turn(false, "test");
		for (boolean scopeEditable : List.of(true, false)) {
			given(this.people.view(any(), anyString())).willReturn(page(scopeEditable));
			for (String language : List.of("en", "ar")) {
				this.mvc.perform(get("/sys/users/" + UUID).param("lang", language))
					.andExpect(status().isOk())
					.andExpect(content().string(containsString("id=\"edit\"")))
					.andExpect(content().string(not(containsString("id=\"summary-scope\""))))
					.andExpect(content().string(not(containsString("id=\"scope\""))))
					.andExpect(content().string(not(containsString("name=\"scope\""))))
					.andExpect(content().string(not(containsString("Sales"))))
					.andExpect(content().string(containsString("id=\"email-hint\"")))
					.andExpect(content().string(not(containsString("type=\"email\" required"))));
			}
		}
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW, Permission.USERS_CHANGE })
	void changeWhenTheEmailIsLeftEmptyThenTheFormReachesTheService() throws Exception {
		given(this.people.change(any(), eq(UUID), any())).willReturn(true);
		this.mvc
			.perform(post("/sys/users/" + UUID).with(csrf())
				.param("email", "")
				.param("firstName", "Bob")
				.param("language", "en")
				.param("version", "4"))
			.andExpect(redirectedUrl("/sys/users/" + UUID));
		verify(this.people).change(any(), eq(UUID), argThat((PersonEditForm form) -> form.email().isEmpty()));
	}

}
