package io.microsys.sso.provider.admin.logs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.settings.ScopeSystem;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAs;
import io.microsys.sso.provider.support.Times;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The activity log with the scope system on and off: on, a superuser has the scope filter and an
 * entry shows its scope; off, neither, and a scope filter sent anyway (page or export) is a 400
 * that says why, the reader never asked.
 */
@PageSliceTest(LogsController.class)
@Import({ ActivityLog.class, Times.class })
class ScopesOffLogsPageTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ScopeSystem scopeSystem;

	@MockitoBean
	private LogReader reader;

	@AfterEach
	void scopesOnAgain() {
		this.scopeSystem.turn(true, "test");
	}

	private static LogEntry entry(long id) {
		return new LogEntry(id, Instant.parse("2026-11-30T10:15:00Z"), "PERSON_CHANGED", AuditAction.UPDATE,
				"6f1c0a59-0000-4000-8000-000000000001", "alice", "6f1c0a59-0000-4000-8000-000000000002", "bob", "user",
				"6f1c0a59-0000-4000-8000-000000000002", "bob", 7L, false, null, "10.0.0.9", "Firefox", null, null,
				null);
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void listAndDetailWhenScopesOnThenScopeFilterAndScope() throws Exception {
		given(this.reader.page(any(), any())).willReturn(new LogPage(List.of(entry(42)), null, null));
		given(this.reader.entry(any(), eq(42L))).willReturn(Optional.of(entry(42)));
		this.mvc.perform(get("/sys/logs"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"scope\"")));
		this.mvc.perform(get("/sys/logs/42"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"entry-scope\"")));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void listAndDetailWhenScopesOffThenNoScopeFilterNorScopeInEitherLanguage() throws Exception {
		this.scopeSystem.turn(false, "test");
		given(this.reader.page(any(), any())).willReturn(new LogPage(List.of(entry(42)), null, null));
		given(this.reader.entry(any(), eq(42L))).willReturn(Optional.of(entry(42)));
		for (String language : List.of("en", "ar")) {
			this.mvc.perform(get("/sys/logs").param("lang", language))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"entry-42\"")))
				.andExpect(content().string(not(containsString("id=\"scope\""))))
				.andExpect(content().string(not(containsString("name=\"scope\""))));
			this.mvc.perform(get("/sys/logs/42").param("lang", language))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"entry\"")))
				.andExpect(content().string(not(containsString("id=\"entry-scope\""))));
		}
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void listAndExportsWhenScopesOffAndAScopeFilterIsSentThen400SayingWhy() throws Exception {
		this.scopeSystem.turn(false, "test");
		for (String path : List.of("/sys/logs", "/sys/logs/export.csv", "/sys/logs/export.jsonl")) {
			this.mvc.perform(get(path).param("scope", "7"))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("id=\"scope-error\"")))
				.andExpect(content().string(containsString("Scopes are turned off: there is no scope filter.")))
				.andExpect(content().string(not(containsString("id=\"scope\""))));
		}
		verifyNoInteractions(this.reader);
	}

}
