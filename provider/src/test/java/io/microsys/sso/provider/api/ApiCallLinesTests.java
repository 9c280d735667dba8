package io.microsys.sso.provider.api;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an {@code API_CALLED} entry says of a request: the API's own path words, uuids and numeric
 * ids, the query's parameter names; never a value nor text a caller put in the path.
 */
class ApiCallLinesTests {

	private static final String UUID = "0b5c3f6e-8a8e-4a52-9a9e-2f1d3c4b5a69";

	private final ApiCallLines lines = new ApiCallLines(() -> ApiCallLines.words(List.of("/api/admin/v1/me",
			"/api/admin/v1/people", "/api/admin/v1/people/{id}", "/api/admin/v1/people/{id}/sessions/{sessionId}",
			"/api/admin/v1/logs/{id:[0-9]{1,18}}", "/api/admin/v1/apps/{clientId}/members/{personId:[0-9a-fA-F-]{36}}",
			"/scim/v2/Users/{id}", "/sys/scopes/{id}", "/**")));

	@Test
	void wordsWhenPatternsThenTheirLiteralSegmentsOfTheApiOnly() {
		assertThat(ApiCallLines.words(List.of("/api/admin/v1/people/{id}/sessions", "/scim/v2/Users/{id}",
				"/sys/scopes/{id}", "/api/admin/v1/docs/{*rest}")))
			.isEqualTo(Set.of("api", "admin", "v1", "people", "sessions", "scim", "v2", "Users", "docs"));
	}

	@Test
	void lineWhenQueryThenNamesWithoutValues() {
		assertThat(this.lines.line("GET", "", "/api/admin/v1/people", "q=sara.haddad%40finance.example&limit=100"))
			.isEqualTo("GET /api/admin/v1/people?q=…&limit=…");
		assertThat(this.lines.line("GET", "", "/scim/v2/Users", "filter=userName+eq+%22sara%22&dryRun"))
			.isEqualTo("GET /scim/v2/Users?filter=…&dryRun");
		assertThat(this.lines.line("GET", "", "/api/admin/v1/people", "sara.haddad%40finance.example=1"))
			.isEqualTo("GET /api/admin/v1/people?…=…");
	}

	@Test
	void lineWhenPathCarriesIdsThenOnlyUuidsAndNumbersKept() {
		assertThat(this.lines.line("DELETE", "", "/api/admin/v1/people/" + UUID + "/sessions/42", null))
			.isEqualTo("DELETE /api/admin/v1/people/" + UUID + "/sessions/42");
		assertThat(this.lines.line("GET", "", "/api/admin/v1/people/sara.haddad%40finance.example", null))
			.isEqualTo("GET /api/admin/v1/people/…");
		assertThat(this.lines.line("PUT", "", "/api/admin/v1/apps/hr-sync/members/" + UUID, null))
			.isEqualTo("PUT /api/admin/v1/apps/…/members/" + UUID);
		assertThat(this.lines.line("GET", "", "/api/admin/v1/sara/haddad", null)).isEqualTo("GET /api/admin/v1/…/…");
		assertThat(this.lines.line("GET", "", "/scim/v2/Users/" + UUID, null)).isEqualTo("GET /scim/v2/Users/" + UUID);
	}

	@Test
	void lineWhenContextPathThenKeptAsConfigured() {
		assertThat(this.lines.line("GET", "/sso", "/sso/api/admin/v1/me", "")).isEqualTo("GET /sso/api/admin/v1/me");
	}

}
