package io.microsys.sso.provider.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The page a signed-in person lands on: their name, in their language, and the administration
 * links for superusers only.
 */
@PageSliceTest(HomeController.class)
class HomePageTests {

	@Autowired
	MockMvc mvc;

	@Test
	@SignedInAs(value = Kind.USER, username = "rana")
	void homeWhenUserThenSignedInNameAndNoAdministration() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You are signed in as rana.")))
			.andExpect(content().string(not(containsString("id=\"administration\""))));
	}

	@Test
	@SignedInAs(Kind.STAFF)
	void homeWhenStaffThenNoAdministration() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("id=\"administration\""))));
	}

	@Test
	@SignedInAs(Kind.SUPERUSER)
	void homeWhenSuperuserThenAdministrationLinks() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/sys/settings\"")));
	}

	@Test
	@SignedInAs(value = Kind.USER, username = "rana", language = "ar")
	void homeWhenArabicSpeakerThenArabicRightToLeft() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("أنت مسجل الدخول باسم rana.")));
	}

	@Test
	@SignedInAs(value = Kind.USER, complete = false)
	void homeWhenSecondFactorOwedThenSentToChallenge() throws Exception {
		this.mvc.perform(get("/")).andExpect(redirectedUrl("/accounts/login/challenge"));
	}

	@Test
	void homeWhenAnonymousThenSentToLogin() throws Exception {
		this.mvc.perform(get("/")).andExpect(redirectedUrl("/accounts/login"));
	}

}
