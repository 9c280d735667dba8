package io.microsys.sso.provider.metrics;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.PrometheusScrape;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics as Prometheus scrapes them from the management port: every metric the Grafana
 * dashboard ({@code deploy/grafana/microsys-sso-dashboard.json}) queries exists, the provider's own
 * series are there at zero from the start, and sign-ins, refusals and tokens move their counters.
 */
@ProviderIntegrationTest
class MetricsTests {

	static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "microsys-sso-dashboard.json");

	private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "and", "or", "unless", "bool", "offset");

	final Provider provider;

	MetricsTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void dashboardWhenScrapedThenEveryMetricItQueriesExists() throws Exception {
		Set<String> queried = dashboardMetrics();
		assertThat(queried).contains("microsys_sso_signins_total", "microsys_sso_second_factor_total",
				"microsys_sso_tokens_issued_total", "microsys_sso_access_denied_total",
				"microsys_sso_throttle_blocks_total", "microsys_sso_backchannel_logout_total",
				"microsys_sso_registrations_pending", "hikaricp_connections_active", "jvm_memory_used_bytes",
				"http_server_requests_seconds_count");
		// Series that appear with their first event: a token, a request on the public port, a collection.
		signInThroughApp(this.provider.fixtures().confidentialClient((client) -> {
		}));
		System.gc();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(PrometheusScrape.of(this.provider).names()).containsAll(queried));
	}

	@Test
	void providerMetricsWhenStartedThenEveryKnownSeriesIsThereAtZeroOrMore() {
		PrometheusScrape scrape = PrometheusScrape.of(this.provider);
		for (String outcome : List.of("success", "second_factor_required", "bad_credentials", "refused", "throttled")) {
			assertThat(scrape.has("microsys_sso_signins_total", "outcome", outcome)).as(outcome).isTrue();
		}
		for (String method : List.of("totp", "email_code", "backup_code", "trusted_browser")) {
			assertThat(scrape.has("microsys_sso_second_factor_total", "method", method, "outcome", "success"))
				.as(method)
				.isTrue();
		}
		assertThat(scrape.has("microsys_sso_second_factor_total", "method", "unknown", "outcome", "failure")).isTrue();
		assertThat(scrape.has("microsys_sso_second_factor_total", "method", "unknown", "outcome", "throttled"))
			.isTrue();
		for (String reason : SsoMetrics.DENIAL_REASONS) {
			assertThat(scrape.has("microsys_sso_access_denied_total", "reason", reason)).as(reason).isTrue();
		}
		for (String kind : List.of("sign_in", "second_factor", "client_secret")) {
			assertThat(scrape.has("microsys_sso_throttle_blocks_total", "kind", kind)).as(kind).isTrue();
		}
		for (String outcome : List.of("delivered", "failed")) {
			assertThat(scrape.has("microsys_sso_backchannel_logout_total", "outcome", outcome)).as(outcome).isTrue();
		}
		assertThat(scrape.has("microsys_sso_registrations_pending")).isTrue();
		assertThat(scrape.value("microsys_sso_registrations_pending")).isGreaterThanOrEqualTo(0);
	}

	@Test
	void signInsWhenWrongPasswordThenRightThenBothOutcomesAndTheTokenCount() {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		PrometheusScrape before = PrometheusScrape.of(this.provider);
		SsoUser member = member(client);
		RelyingParty app = this.provider.relyingParty(client);
		HttpResponse<String> refused = app.authorize(new Browser(), app.request(), member.getUsername(), "wrong-password");
		assertThat(refused.body()).doesNotContain("code=");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(PrometheusScrape.of(this.provider)
				.value("microsys_sso_signins_total", "outcome", "bad_credentials"))
				.isGreaterThanOrEqualTo(before.value("microsys_sso_signins_total", "outcome", "bad_credentials") + 1));

		signInThroughApp(client, member);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			PrometheusScrape after = PrometheusScrape.of(this.provider);
			assertThat(after.value("microsys_sso_signins_total", "outcome", "success"))
				.isGreaterThanOrEqualTo(before.value("microsys_sso_signins_total", "outcome", "success") + 1);
			assertThat(after.value("microsys_sso_tokens_issued_total", "grant_type", "authorization_code", "client_id",
					client.getClientId()))
				.isEqualTo(1);
		});
	}

	@Test
	void accessDeniedWhenNotAMemberThenCountedByReason() {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser stranger = this.provider.fixtures().user();
		double before = PrometheusScrape.of(this.provider)
			.value("microsys_sso_access_denied_total", "reason", "no_membership");
		RelyingParty app = this.provider.relyingParty(client);
		Map<String, String> answer = app
			.redirectQuery(app.authorize(new Browser(), app.request(), stranger.getUsername(), TestFixtures.PASSWORD));
		assertThat(answer).containsEntry("error", "access_denied");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(PrometheusScrape.of(this.provider)
				.value("microsys_sso_access_denied_total", "reason", "no_membership")).isGreaterThanOrEqualTo(before + 1));
	}

	@Test
	void metricNamesWhenPromQlThenFunctionsLabelsAndRangesAreNotNames() {
		assertThat(metricNames("sum by (outcome) (rate(microsys_sso_signins_total{instance=~\"$instance\"}[$__rate_interval]))"))
			.containsExactly("microsys_sso_signins_total");
		assertThat(metricNames("sum by (uri) (rate(a_sum[5m])) / sum by (uri) (rate(a_count{x=\"y\"}[5m]))"))
			.containsExactly("a_count", "a_sum");
		assertThat(metricNames("topk(10, max by (instance) (hikaricp_connections_max))"))
			.containsExactly("hikaricp_connections_max");
	}

	private SsoUser member(SsoClient client) {
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.STAFF);
		return user;
	}

	private void signInThroughApp(SsoClient client) {
		signInThroughApp(client, member(client));
	}

	private void signInThroughApp(SsoClient client, SsoUser user) {
		RelyingParty app = this.provider.relyingParty(client);
		RelyingParty.Request request = app.request();
		String code = app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		assertThat(app.exchange(code, request.pkce.verifier()).status()).isEqualTo(200);
	}

	/** Every metric name in the dashboard's queries and variables. */
	static Set<String> dashboardMetrics() throws IOException, java.text.ParseException {
		Map<String, Object> dashboard = JSONObjectUtils.parse(Files.readString(DASHBOARD));
		Set<String> names = new TreeSet<>();
		collect(dashboard, names);
		return names;
	}

	@SuppressWarnings("unchecked")
	private static void collect(Object node, Set<String> names) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ("expr".equals(key) && value instanceof String expr) {
					names.addAll(metricNames(expr));
				}
				else if ("definition".equals(key) && value instanceof String definition) {
					Matcher variable = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(definition);
					if (variable.find()) {
						names.add(variable.group(1));
					}
				}
				else {
					collect(value, names);
				}
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((item) -> collect(item, names));
		}
	}

	/** The metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher token = NAME.matcher(stripped);
		while (token.find()) {
			String rest = stripped.substring(token.end()).stripLeading();
			if (!rest.startsWith("(") && !KEYWORDS.contains(token.group())) {
				names.add(token.group());
			}
		}
		return names;
	}

}
