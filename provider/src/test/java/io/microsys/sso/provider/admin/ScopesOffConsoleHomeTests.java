package io.microsys.sso.provider.admin;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.settings.ScopeSystem;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's start page and navigation with the scope system off: the Scopes section stays
 * for those who may open it (it is where the system is turned on again), marked as off; nobody
 * else gains it.
 */
@PageSliceTest(ConsoleController.class)
class ScopesOffConsoleHomeTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ScopeSystem scopeSystem;

	@AfterEach
	void scopesOnAgain() {
		this.scopeSystem.turn(true, "test");
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW)
	void homeWhenScopesOnThenScopesSectionAsUsual() throws Exception {
		this.mvc.perform(get("/sys"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"tile-scopes\"")))
			.andExpect(content().string(containsString("Departments and organisations people belong to.")))
			.andExpect(content().string(not(containsString("id=\"scopes-off\""))))
			.andExpect(content().string(not(containsString("id=\"section-scopes-off\""))));
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.SCOPES_VIEW, language = "ar")
	void homeWhenScopesOffThenScopesSectionStaysMarkedOffInEitherLanguage() throws Exception {
		this.scopeSystem.turn(false, "test");
		for (String language : List.of("en", "ar")) {
			this.mvc.perform(get("/sys").param("lang", language))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"tile-scopes\"")))
				.andExpect(content().string(containsString("id=\"section-scopes\"")))
				.andExpect(content().string(containsString("id=\"scopes-off\"")))
				.andExpect(content().string(containsString("id=\"section-scopes-off\"")));
		}
	}

	@Test
	@SignedInAs(kind = Kind.SCOPED_STAFF, permissions = { Permission.USERS_VIEW, Permission.SCOPES_VIEW }, scope = 7)
	void homeWhenScopesOffAndScopedStaffThenStillNoScopesSection() throws Exception {
		this.scopeSystem.turn(false, "test");
		this.mvc.perform(get("/sys"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"tile-users\"")))
			.andExpect(content().string(not(containsString("id=\"tile-scopes\""))))
			.andExpect(content().string(not(containsString("id=\"section-scopes\""))));
	}

}
