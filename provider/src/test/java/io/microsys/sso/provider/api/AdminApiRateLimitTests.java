package io.microsys.sso.provider.api;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API's rate limit over real HTTP: a caller past its burst is answered 429 with
 * {@code Retry-After} and a {@code rate-limited} problem, the refusal is in the activity log, and
 * another caller goes on unaffected.
 */
@ProviderIntegrationTest
class AdminApiRateLimitTests {

	final Provider provider;

	final AdminApiCalls api;

	AdminApiRateLimitTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
	}

	private List<String> logged(AdminApiCalls.ServiceAccount account) {
		return this.provider.context()
			.getBean(JdbcClient.class)
			.sql("SELECT CONCAT(detail, ' ', reason) FROM sso_audit_event WHERE event_type = 'API_CALLED' "
					+ "AND actor_name = ? ORDER BY id")
			.params("service-account-" + account.clientId())
			.query(String.class)
			.list();
	}

	@Test
	void callWhenBurstSpentThen429WithRetryAfterLoggedAndOtherCallersUnaffected() {
		ApiProperties properties = this.provider.context().getBean(ApiProperties.class);
		double rate = properties.getRequestsPerSecond();
		int burst = properties.getBurst();
		AdminApiCalls.ServiceAccount busy = this.api.serviceAccount(null, Permission.USERS_VIEW);
		AdminApiCalls.ServiceAccount other = this.api.serviceAccount(null, Permission.USERS_VIEW);
		String busyToken = busy.token();
		String otherToken = other.token();
		try {
			// One request per 1000 s: nothing refills while the test runs.
			properties.setRequestsPerSecond(0.001);
			properties.setBurst(3);
			for (int i = 0; i < 3; i++) {
				assertThat(this.api.get(busyToken, "/me").status()).as("call %d", i + 1).isEqualTo(200);
			}
			AdminApiCalls.Response limited = this.api.get(busyToken, "/me").isProblem(429, "rate-limited");
			assertThat(limited.header("Retry-After")).hasValue("1000");
			assertThat(limited.json().get("detail").asString()).contains("1000 s");

			assertThat(this.api.get(otherToken, "/me").status()).isEqualTo(200);
		}
		finally {
			properties.setRequestsPerSecond(rate);
			properties.setBurst(burst);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> logged(busy).size() == 4);
		assertThat(logged(busy)).containsExactly("GET /api/admin/v1/me 200", "GET /api/admin/v1/me 200",
				"GET /api/admin/v1/me 200", "GET /api/admin/v1/me 429");
		assertThat(logged(other)).containsExactly("GET /api/admin/v1/me 200");
	}

}
