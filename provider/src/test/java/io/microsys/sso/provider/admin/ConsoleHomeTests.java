package io.microsys.sso.provider.admin;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The console's start page lists the sections the person may open, and only those. */
@PageSliceTest(ConsoleController.class)
class ConsoleHomeTests {

	@Autowired
	private MockMvc mvc;

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = { Permission.USERS_VIEW })
	void homeWhenStaffMayViewPeopleThenOnlyPeopleIsOffered() throws Exception {
		this.mvc.perform(get("/sys"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"tile-users\"")))
			.andExpect(content().string(containsString("id=\"section-users\"")))
			.andExpect(content().string(not(containsString("id=\"tile-logs\""))))
			.andExpect(content().string(not(containsString("id=\"section-settings\""))))
			.andExpect(content().string(containsString("central staff")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF)
	void homeWhenStaffHoldsNothingThenSaysSoInsteadOfAnEmptyPage() throws Exception {
		this.mvc.perform(get("/sys"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"nothing\"")));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void homeWhenSuperuserThenEverySectionRightToLeft() throws Exception {
		this.mvc.perform(get("/sys").param("lang", "ar"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("id=\"tile-logs\"")))
			.andExpect(content().string(containsString("id=\"tile-settings\"")));
	}

	@Test
	@SignedInAs(kind = Kind.USER, permissions = { Permission.USERS_VIEW })
	void homeWhenPlainPersonThenForbidden() throws Exception {
		this.mvc.perform(get("/sys")).andExpect(status().isForbidden());
	}

}
