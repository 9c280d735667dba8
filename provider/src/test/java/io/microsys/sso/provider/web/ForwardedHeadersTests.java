package io.microsys.sso.provider.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.throttle.LoginThrottleProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a declared reverse proxy (the default), what a client writes into {@code X-Forwarded-For},
 * {@code X-Forwarded-Host}, {@code X-Forwarded-Prefix} or {@code Forwarded} changes nothing: limits
 * count the TCP peer, the audit log and the device list record it, redirects stay on the provider,
 * and malformed values are not an error. Shares {@link BadInputTests}' provider.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = { "microsys.test.context=bad-input",
		ProviderTestInitializer.DIRECT_CLIENTS + "=true" })
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersTests {

	/** The address the tests connect from, as the provider spells it. */
	static final String PEER = "127.0.0.1";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	LoginThrottleProperties properties;

	@Autowired
	AuditEventRepository auditEvents;

	@Autowired
	SignedInDevices devices;

	ForwardedHeadersTests(Provider provider) {
		this.provider = provider;
	}

	String origin() {
		return this.provider.origin();
	}

	String signIn(Browser browser, String username, String password) {
		HttpResponse<String> page = browser.get(origin() + "/accounts/login");
		return Browser.location(browser.submitForm(page, Map.of("username", username, "password", password)));
	}

	@Test
	void signInWhenEachFailureClaimsAnotherAddressThenThrottledAsTheOneRealAddress() {
		LoginThrottleProperties throttle = this.properties;
		int threshold = throttle.getIpThreshold();
		Duration initialBlock = throttle.getInitialBlock();
		forgetPeerFailures();
		// The production threshold (the test default is far higher), and a block that outlasts the test.
		throttle.setIpThreshold(20);
		throttle.setInitialBlock(Duration.ofMinutes(5));
		try {
			List<String> answers = new ArrayList<>();
			for (int i = 1; i <= 25; i++) {
				answers.add(signIn(new Browser().from("203.0.113." + i), TestFixtures.unique("spray"), "wrong-" + i));
			}

			assertThat(answers.subList(0, 19)).allSatisfy((answer) -> assertThat(answer).endsWith("/accounts/login?error"));
			assertThat(answers.subList(21, 25))
				.allSatisfy((answer) -> assertThat(answer).endsWith("/accounts/login?error=throttled"));
			assertThat(this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM sso_login_throttle WHERE throttle_key LIKE 'i:203.0.113.%'", Integer.class))
				.isZero();
		}
		finally {
			throttle.setIpThreshold(threshold);
			throttle.setInitialBlock(initialBlock);
			forgetPeerFailures();
		}
	}

	void forgetPeerFailures() {
		this.jdbc.update("DELETE FROM sso_login_throttle WHERE throttle_key = ?", "i:" + PEER);
	}

	@Test
	void signInWhenAddressIsForgedThenAuditLogAndDeviceListHoldTheRealAddress() {
		String nobody = TestFixtures.unique("forger");
		SsoUser user = this.provider.fixtures().user();

		signIn(new Browser().from("not-an-address"), nobody, "wrong");
		signIn(new Browser().from("198.51.100.77"), user.getUsername(), TestFixtures.PASSWORD);

		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGIN_FAILURE"))
			.filteredOn((event) -> nobody.equals(event.getUsername()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getIpAddress()).isEqualTo(PEER));
		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGIN_SUCCESS"))
			.filteredOn((event) -> user.getUsername().equals(event.getUsername()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getIpAddress()).isEqualTo(PEER));
		assertThat(this.devices.list(user.getUuid(), null)).singleElement()
			.satisfies((device) -> assertThat(device.ip()).isEqualTo(PEER));
	}

	@ParameterizedTest
	@CsvSource({ "/", "/accounts/profile", "/sys/users" })
	void redirectWhenForwardedHostOrPrefixClaimedThenLocationStaysOnTheProvider(String path) {
		HttpResponse<String> answer = new Browser().send(HttpRequest.newBuilder(URI.create(origin() + path))
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Port", "8443")
			.header("X-Forwarded-Prefix", "/evil")
			.header("Forwarded", "host=evil.example;proto=https")
			.GET()
			.build());

		assertThat(answer.statusCode()).isEqualTo(302);
		String location = answer.headers().firstValue("Location").orElseThrow();
		assertThat(location).doesNotContain("evil").doesNotContain("https").doesNotContain("8443");
		assertThat(Browser.location(answer)).startsWith(origin() + "/");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "X-Forwarded-Prefix|%zz", "X-Forwarded-Prefix|no slash",
			"X-Forwarded-Prefix|//evil.example", "X-Forwarded-Host|[::1", "X-Forwarded-Host|a:b:c",
			"X-Forwarded-Host|evil.example:port", "X-Forwarded-Port|not-a-port", "X-Forwarded-For|[::1",
			"Forwarded|for=\"[::1\"", "Forwarded|host=\"[::1\";proto=https", "Forwarded|proto=;;;host=:::" })
	void pageWhenForwardedHeaderIsMalformedThenAnsweredWithoutError(String header, String value,
			CapturedOutput output) {
		for (String path : List.of("/accounts/login", "/accounts/profile")) {
			HttpResponse<String> answer = new Browser().send(HttpRequest.newBuilder(URI.create(origin() + path))
				.header("Accept", "text/html")
				.header(header, value)
				.GET()
				.build());

			ErrorResponses.assertNothingLeaked(answer);
			assertThat(answer.statusCode()).as(path).isIn(200, 302);
		}
		assertThat(output.getOut()).doesNotContain(" ERROR ");
	}

}
