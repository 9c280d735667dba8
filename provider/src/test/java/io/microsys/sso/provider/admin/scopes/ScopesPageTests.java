package io.microsys.sso.provider.admin.scopes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.scopes.ScopeAdministration.Deletion;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;
import io.microsys.sso.provider.support.Times;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
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
 * The pages of {@code /sys/scopes}: who may open them (global staff and superusers holding the
 * scopes permissions; central and scoped staff never), what they show, and bad input answered
 * 400 with the error beside its field and nothing changed.
 */
@PageSliceTest(ScopesController.class)
@Import(Times.class)
class ScopesPageTests {

	private static final ScopeRow FINANCE = new ScopeRow(5, "Finance", "Finance department",
			Instant.parse("2026-01-02T10:00:00Z"), 12);

	private static final ScopeRow EMPTY = new ScopeRow(6, "Archive", null, Instant.parse("2026-01-02T10:00:00Z"), 0);

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ScopeAdministration scopes;

	@BeforeEach
	void setUp() {
		given(this.scopes.isOn(any())).willReturn(true);
		given(this.scopes.list(any(), any()))
			.willReturn(new PageImpl<>(List.of(FINANCE, EMPTY), PageRequest.of(0, 50), 2));
		given(this.scopes.find(any(), eq(5L))).willReturn(FINANCE);
		given(this.scopes.find(any(), eq(6L))).willReturn(EMPTY);
		given(this.scopes.targets(any(), anyLong())).willReturn(Map.of(6L, "Archive"));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void listWhenGlobalStaffThenScopesWithTheirPeople() throws Exception {
		this.mvc.perform(get("/sys/scopes"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"scope-5\"")))
			.andExpect(content().string(containsString("Finance department")))
			.andExpect(content().string(containsString("<td class=\"people\">12</td>")))
			.andExpect(content().string(containsString("aria-sort=\"ascending\"")))
			.andExpect(content().string(containsString("aria-current=\"page\"")));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void listWhenArabicThenRightToLeftWithWesternDigits() throws Exception {
		this.mvc.perform(get("/sys/scopes").param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("النطاقات: 2")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void listWhenNoScopeThenSaysWhatToDo() throws Exception {
		given(this.scopes.list(any(), any())).willReturn(new PageImpl<>(List.of(), PageRequest.of(0, 50), 0));
		this.mvc.perform(get("/sys/scopes"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("There is no scope yet")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_CHANGE })
	void listWhenSystemOffThenSaysSoAndOffersToTurnItOn() throws Exception {
		given(this.scopes.isOn(any())).willReturn(false);
		this.mvc.perform(get("/sys/scopes"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"scopes-off\"")))
			.andExpect(content().string(containsString("id=\"turn-on\"")))
			.andExpect(content().string(not(containsString("id=\"scopes\""))));
		verify(this.scopes, never()).list(any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void listWhenSortUnknownThen400WithTheError() throws Exception {
		this.mvc.perform(get("/sys/scopes").param("sort", "password_hash"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"sort-error\"")))
			.andExpect(content().string(containsString("id=\"scope-5\"")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void listWhenPageOrSearchBadThen400() throws Exception {
		this.mvc.perform(get("/sys/scopes").param("page", "-1"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"page-error\"")));
		this.mvc.perform(get("/sys/scopes").param("q", "x".repeat(101)))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"q-error\"")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_ADD,
			Permission.SCOPES_CHANGE, Permission.SCOPES_DELETE })
	void scopesWhenCentralStaffThenForbiddenWhateverTheyHold() throws Exception {
		this.mvc.perform(get("/sys/scopes")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/scopes/5")).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", "X")).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/scopes/5/delete").with(csrf())).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/scopes/system").with(csrf()).param("state", "off"))
			.andExpect(status().isForbidden());
		verifyNoInteractions(this.scopes);
	}

	@Test
	@SignedInAs(kind = Kind.SCOPED_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_CHANGE })
	void scopesWhenScopedStaffThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/scopes")).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/scopes/7").with(csrf()).param("name", "Mine")).andExpect(status().isForbidden());
		verifyNoInteractions(this.scopes);
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void createWhenGlobalStaffWithoutAddThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/scopes/new")).andExpect(status().isForbidden());
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", "X")).andExpect(status().isForbidden());
		verify(this.scopes, never()).create(any(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_ADD })
	void createWhenValidThenRedirectedToItsPageWithAMessage() throws Exception {
		given(this.scopes.create(any(), eq("Sales"), eq("Sales team"))).willReturn(9L);
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", "Sales").param("description", " Sales team "))
			.andExpect(redirectedUrl("/sys/scopes/9"))
			.andExpect(flash().attribute("flash", "scopes.flash.created"));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_ADD })
	void createWhenNameBlankOrTooLongThen400BesideTheNameAndNothingCreated() throws Exception {
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", " "))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"name-error\"")));
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", "x".repeat(151)))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("at most 150 characters")));
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", "A\u0000B"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"name-error\"")));
		verify(this.scopes, never()).create(any(), any(), any());
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_ADD })
	void createWhenNameTakenThen400BesideTheName() throws Exception {
		willThrow(new ScopeNameTakenException()).given(this.scopes).create(any(), eq("finance"), any());
		this.mvc.perform(post("/sys/scopes").with(csrf()).param("name", "finance"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("A scope already has this name")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_ADD })
	void createWithoutCsrfThenForbidden() throws Exception {
		this.mvc.perform(post("/sys/scopes").param("name", "Sales")).andExpect(status().isForbidden());
		verifyNoInteractions(this.scopes);
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void editWhenNotANumberThen404() throws Exception {
		this.mvc.perform(get("/sys/scopes/abc")).andExpect(status().isNotFound());
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void editWhenMayOnlyViewThenNoSaveNorDeleteOffered() throws Exception {
		this.mvc.perform(get("/sys/scopes/5"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"Finance\"")))
			.andExpect(content().string(containsString("<fieldset disabled")))
			.andExpect(content().string(not(containsString("id=\"delete\""))))
			.andExpect(content().string(not(containsString("Save"))));
		this.mvc.perform(get("/sys/scopes"))
			.andExpect(content().string(not(containsString("id=\"add-scope\""))))
			.andExpect(content().string(not(containsString("id=\"turn-off\""))));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_CHANGE,
			Permission.SCOPES_DELETE })
	void editWhenScopeHasPeopleThenOffersToMoveThem() throws Exception {
		this.mvc.perform(get("/sys/scopes/5"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"Finance\"")))
			.andExpect(content().string(containsString("People in this scope: 12")))
			.andExpect(content().string(containsString("<option value=\"6\">Archive</option>")))
			.andExpect(content().string(containsString("class=\"confirm\"")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_DELETE })
	void deleteWhenNotEmptyAndNoTargetThen400BesideTheTarget() throws Exception {
		given(this.scopes.delete(any(), eq(5L), eq(null))).willReturn(Deletion.NOT_EMPTY);
		this.mvc.perform(post("/sys/scopes/5/delete").with(csrf()).param("moveTo", ""))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"moveTo-error\"")))
			.andExpect(content().string(containsString("choose the scope to move them to")));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_DELETE })
	void deleteWhenTargetNotANumberThen400AndNothingDeleted() throws Exception {
		this.mvc.perform(post("/sys/scopes/5/delete").with(csrf()).param("moveTo", "x"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"moveTo-error\"")));
		verify(this.scopes, never()).delete(any(), anyLong(), any());
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_DELETE })
	void deleteWhenMovedThenBackToTheListWithAMessage() throws Exception {
		given(this.scopes.delete(any(), eq(5L), eq(6L))).willReturn(Deletion.DELETED);
		this.mvc.perform(post("/sys/scopes/5/delete").with(csrf()).param("moveTo", "6"))
			.andExpect(redirectedUrl("/sys/scopes"))
			.andExpect(flash().attribute("flash", "scopes.flash.moved"));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_DELETE })
	void deleteWhenAlreadyGoneThenAClearMessage() throws Exception {
		given(this.scopes.delete(any(), eq(5L), eq(null))).willReturn(Deletion.GONE);
		this.mvc.perform(post("/sys/scopes/5/delete").with(csrf()))
			.andExpect(redirectedUrl("/sys/scopes"))
			.andExpect(flash().attribute("flashProblem", "scopes.flash.gone"));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = { Permission.SCOPES_VIEW, Permission.SCOPES_CHANGE })
	void switchWhenBadValueThen400AndNothingChanged() throws Exception {
		this.mvc.perform(post("/sys/scopes/system").with(csrf()).param("state", "maybe"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Choose on or off.")));
		verify(this.scopes, never()).turn(any(), org.mockito.ArgumentMatchers.anyBoolean());
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void switchWhenOffThenTurnedOffWithAMessage() throws Exception {
		this.mvc.perform(post("/sys/scopes/system").with(csrf()).param("state", "off"))
			.andExpect(redirectedUrl("/sys/scopes"))
			.andExpect(flash().attribute("flash", "scopes.flash.off"));
		verify(this.scopes).turn(any(), eq(false));
	}

}
