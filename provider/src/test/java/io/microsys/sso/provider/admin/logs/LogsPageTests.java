package io.microsys.sso.provider.admin.logs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.audit.AuditAction;
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
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The activity log's pages: who may open them, what they show, and bad filters answered 400 with
 * the error beside the field (the reader is never asked).
 */
@PageSliceTest(LogsController.class)
@Import({ ActivityLog.class, Times.class })
class LogsPageTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private LogReader reader;

	private static LogEntry entry(long id, String changes) {
		return new LogEntry(id, Instant.parse("2026-11-30T10:15:00Z"), "USER_CHANGED", AuditAction.UPDATE,
				"6f1c0a59-0000-4000-8000-000000000001", "alice", "6f1c0a59-0000-4000-8000-000000000002", "bob", "user",
				"6f1c0a59-0000-4000-8000-000000000002", "bob", 7L, false, null, "10.0.0.9", "Firefox", null, null,
				changes);
	}

	@Test
	@SignedInAs(kind = Kind.SCOPED_STAFF, permissions = Permission.LOGS_VIEW, scope = 7)
	void listWhenScopedStaffThenEntriesOfTheirScopeWithPagerAndExports() throws Exception {
		given(this.reader.page(eq(new Visibility(Visibility.Kind.ONE_SCOPE, 7L)), any()))
			.willReturn(new LogPage(List.of(entry(42, null)), 42L, null));
		this.mvc.perform(get("/sys/logs"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"entry-42\"")))
			.andExpect(content().string(containsString("href=\"/sys/logs/42\"")))
			.andExpect(content().string(containsString("id=\"older\" href=\"/sys/logs?before=42\"")))
			.andExpect(content().string(not(containsString("id=\"newer\""))))
			.andExpect(content().string(containsString("id=\"export-csv\"")))
			.andExpect(content().string(containsString("id=\"export-jsonl\"")))
			.andExpect(content().string(not(containsString("id=\"scope\""))));
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER, language = "ar")
	void listWhenNothingMatchesThenEmptyStateRightToLeftWithTheScopeFilter() throws Exception {
		given(this.reader.page(any(), any())).willReturn(LogPage.EMPTY);
		this.mvc.perform(get("/sys/logs").param("lang", "ar").param("actor", "alice").param("scope", "3"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("dir=\"rtl\"")))
			.andExpect(content().string(containsString("id=\"empty\"")))
			.andExpect(content().string(containsString("id=\"scope\"")))
			.andExpect(content().string(containsString("export.csv?actor=alice&amp;scope=3")));
	}

	@Test
	@SignedInAs(kind = Kind.STAFF, permissions = Permission.USERS_VIEW)
	void listWhenStaffWithoutLogsViewThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/logs")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/logs/1")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/logs/export.csv")).andExpect(status().isForbidden());
		this.mvc.perform(get("/sys/logs/export.jsonl")).andExpect(status().isForbidden());
		verifyNoInteractions(this.reader);
	}

	@Test
	@SignedInAs(kind = Kind.USER, permissions = Permission.LOGS_VIEW)
	void listWhenPlainPersonThenForbidden() throws Exception {
		this.mvc.perform(get("/sys/logs")).andExpect(status().isForbidden());
		verifyNoInteractions(this.reader);
	}

	@Test
	@SignedInAs(kind = Kind.GLOBAL_STAFF, permissions = Permission.LOGS_VIEW)
	void listWhenNotSuperuserFiltersByScopeThenBadRequestBesideTheField() throws Exception {
		this.mvc.perform(get("/sys/logs").param("scope", "7"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"scope-error\"")))
			.andExpect(content().string(containsString("Only superusers filter by scope.")));
		this.mvc.perform(get("/sys/logs/export.csv").param("scope", "7"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"scope-error\"")));
		verifyNoInteractions(this.reader);
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void listWhenFiltersAreBadThenBadRequestWithEachErrorBesideItsField() throws Exception {
		this.mvc.perform(get("/sys/logs").param("action", "DROP").param("type", "NOPE").param("before", "x")
			.param("from", "yesterday"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"action-error\"")))
			.andExpect(content().string(containsString("Choose one of the listed changes.")))
			.andExpect(content().string(containsString("id=\"type-error\"")))
			.andExpect(content().string(containsString("id=\"before-error\"")))
			.andExpect(content().string(containsString("id=\"from-error\"")))
			.andExpect(content().string(not(containsString("id=\"export-csv\""))));
		this.mvc.perform(get("/sys/logs").param("ip", "<script>").param("targetType", "User!"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"ip-error\"")))
			.andExpect(content().string(containsString("id=\"targetType-error\"")))
			.andExpect(content().string(containsString("value=\"&lt;script&gt;\"")));
		this.mvc.perform(get("/sys/logs").param("from", "2026-12-02T10:00").param("to", "2026-12-01T10:00"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"rangeInOrder-error\"")));
		this.mvc.perform(get("/sys/logs").param("before", "0"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"before-error\"")));
		this.mvc.perform(get("/sys/logs/export.jsonl").param("action", "DROP"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"action-error\"")));
		verifyNoInteractions(this.reader);
	}

	@Test
	@SignedInAs(kind = Kind.SUPERUSER)
	void detailWhenEntryHasChangesThenBeforeAfterTableWithSecretsHidden() throws Exception {
		given(this.reader.entry(any(), eq(42L))).willReturn(Optional.of(entry(42,
				"[{\"field\":\"email\",\"before\":\"a@x.org\",\"after\":\"b@x.org\"},{\"field\":\"password\",\"secret\":true}]")));
		this.mvc.perform(get("/sys/logs/42"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"change-email\"")))
			.andExpect(content().string(containsString("a@x.org")))
			.andExpect(content().string(containsString("b@x.org")))
			.andExpect(content().string(containsString("id=\"change-password\"")))
			.andExpect(content().string(containsString("Changed (the value is never shown)")))
			.andExpect(content().string(containsString("10.0.0.9")));
	}

	@Test
	@SignedInAs(kind = Kind.SCOPED_STAFF, permissions = Permission.LOGS_VIEW, scope = 7)
	void detailWhenHiddenOrAbsentThenNotFound() throws Exception {
		given(this.reader.entry(any(), anyLong())).willReturn(Optional.empty());
		this.mvc.perform(get("/sys/logs/43")).andExpect(status().isNotFound());
		this.mvc.perform(get("/sys/logs/99999999999999999999")).andExpect(status().isNotFound());
	}

}
