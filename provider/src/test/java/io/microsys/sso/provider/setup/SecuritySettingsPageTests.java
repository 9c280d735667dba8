package io.microsys.sso.provider.setup;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.audit.AuditRetention;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.Authenticator;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;
import io.microsys.sso.provider.throttle.ClientThrottleProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security and client address settings of {@code /sys/settings}, over HTTP on a provider of
 * their own (clients reach it directly; an operator's environment variable fixes the app
 * threshold): bad input is refused with a readable 400 and stores nothing, each saved setting is
 * used by its feature on the next request and audited, a setting an environment variable fixes
 * cannot be changed, and the client address is found as the page says.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = { "microsys.test.context=security-settings",
		ProviderTestInitializer.DIRECT_CLIENTS + "=true",
		ProviderTestInitializer.ENVIRONMENT_VARIABLES + "=" + SecuritySettingsPageTests.FIXED + "=12",
		"microsys.sso.login-throttle.initial-block=5m" })
class SecuritySettingsPageTests {

	/** The environment variable that fixes the app threshold in this provider. */
	static final String FIXED = "MICROSYS_SSO_CLIENTTHROTTLE_CLIENTTHRESHOLD";

	/** The address the tests connect from, as the provider spells it. */
	static final String PEER = "127.0.0.1";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StoredSettings stored;

	@Autowired
	SecuritySettings settings;

	@Autowired
	AuditEventRepository auditEvents;

	Browser admin;

	SecuritySettingsPageTests(Provider provider) {
		this.provider = provider;
	}

	String origin() {
		return this.provider.origin();
	}

	@BeforeEach
	void signInAdmin() {
		SsoUser superuser = new TestStaff(this.provider).superuser();
		this.admin = Pages.signedIn(origin(), superuser);
	}

	@AfterEach
	void forgetSettings() {
		this.jdbc.update("DELETE FROM sso_setting WHERE setting_key LIKE 'security.%' OR setting_key LIKE 'network.%'");
		this.stored.forget();
	}

	/** Every field of the security form as it is now, with {@code changes}. */
	HttpResponse<String> saveSecurity(Browser browser, Map<String, String> changes) {
		HttpResponse<String> page = browser.get(origin() + "/sys/settings");
		assertThat(page.statusCode()).isEqualTo(200);
		Document document = Jsoup.parse(page.body());
		Map<String, String> values = new LinkedHashMap<>();
		Element language = document.selectFirst("form#security select[name=defaultLanguage] option[selected]");
		values.put("defaultLanguage", (language != null) ? language.attr("value") : "en");
		values.putAll(changes);
		return browser.submitForm(page, "form#security", values);
	}

	HttpResponse<String> saveNetwork(Map<String, String> values) {
		HttpResponse<String> page = this.admin.get(origin() + "/sys/settings");
		return this.admin.submitForm(page, "form#network", values);
	}

	List<String> storedKeys() {
		return this.jdbc.queryForList(
				"SELECT setting_key FROM sso_setting WHERE setting_key LIKE 'security.%' OR setting_key LIKE 'network.%'",
				String.class);
	}

	long settingsChanges(String area) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' AND reason = ?", Long.class,
				area);
	}

	String signIn(Browser browser, String username, String password) {
		HttpResponse<String> page = browser.get(origin() + "/accounts/login");
		return Browser.location(browser.submitForm(page, Map.of("username", username, "password", password)));
	}

	@Test
	void pageWhenShownThenEachSettingWithItsDefaultAndTheFixedOneReadOnlyWithItsVariable() {
		HttpResponse<String> page = this.admin.get(origin() + "/sys/settings");
		Document document = Jsoup.parse(page.body());

		assertThat(document.selectFirst("form#security input[name=passwordMinLength]").attr("value")).isEqualTo("8");
		assertThat(document.selectFirst("form#security input[name=emailCodes]").hasAttr("checked")).isTrue();
		assertThat(document.selectFirst("form#security input[name=trustedBrowserDays]").attr("value")).isEqualTo("30");
		Element fixed = document.selectFirst("form#security input[name=clientThreshold]");
		assertThat(fixed.attr("value")).isEqualTo("12");
		assertThat(fixed.hasAttr("readonly")).isTrue();
		assertThat(document.selectFirst("#clientThreshold-fixed").text()).contains(FIXED);
		assertThat(document.selectFirst("form#security input[name=loginAccountThreshold]").hasAttr("readonly")).isFalse();
		assertThat(document.select("form#network input[name=mode][checked]").attr("value")).isEqualTo("direct");
		assertThat(document.select("#network-valve")).isEmpty();
	}

	@Test
	void saveWhenAnyFieldIsBadThenReadable400AndNothingStoredOrAudited() {
		long audited = settingsChanges("security") + settingsChanges("network");
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("passwordMinLength", "7");
		bad.put("trustedBrowserDays", "366");
		bad.put("loginAccountThreshold", "0");
		bad.put("loginIpThreshold", "-1");
		bad.put("loginMailThreshold", "lots");
		bad.put("clientIpThreshold", "");
		bad.put("auditRetentionDays", "3651");
		bad.put("defaultLanguage", "fr");
		bad.put("emailCodes", "yes");
		bad.put("singleSession", "1");
		for (Map.Entry<String, String> field : bad.entrySet()) {
			HttpResponse<String> refused = saveSecurity(this.admin, Map.of(field.getKey(), field.getValue()));
			assertThat(refused.statusCode()).as(field.getKey()).isEqualTo(400);
			Element error = Jsoup.parse(refused.body()).selectFirst("#" + field.getKey() + "-error");
			assertThat(error).as(field.getKey()).isNotNull();
			assertThat(error.text()).as(field.getKey()).matches(
					"Enter a whole number from \\d+ to \\d+\\.|Choose one of the languages listed\\.|Tick the box or leave it empty\\.");
		}
		HttpResponse<String> tooLong = saveSecurity(this.admin, Map.of("passwordMinLength", "129"));
		assertThat(Jsoup.parse(tooLong.body()).selectFirst("#passwordMinLength-error").text())
			.isEqualTo("Enter a whole number from 8 to 128.");

		List<Map<String, String>> badNetwork = List.of(Map.of("mode", "everyone"), Map.of("mode", "header", "header", "X Real IP"),
				Map.of("mode", "header", "header", "X-" + "a".repeat(63)), Map.of("mode", "header", "header", ""),
				Map.of("mode", "proxy", "hops", "0"), Map.of("mode", "proxy", "hops", "11"),
				Map.of("mode", "proxy", "hops", "two"));
		for (Map<String, String> values : badNetwork) {
			HttpResponse<String> refused = saveNetwork(values);
			assertThat(refused.statusCode()).as(values.toString()).isEqualTo(400);
			assertThat(Jsoup.parse(refused.body()).select(".field-error").text()).as(values.toString())
				.containsAnyOf("Choose where the client's address comes from.", "Enter a header name",
						"Enter a whole number from 1 to 10.");
		}
		assertThat(storedKeys()).isEmpty();
		assertThat(settingsChanges("security") + settingsChanges("network")).isEqualTo(audited);
	}

	@Test
	void saveWhenPasswordMinimumRaisedThenShorterNewPasswordRefusedAndTheChangeAudited() {
		String eleven = "Qz7-vetiver";
		SsoUser first = this.provider.fixtures().user();
		assertThat(changePassword(first, eleven)).doesNotContain("shorter than the minimum length");

		HttpResponse<String> saved = saveSecurity(this.admin, Map.of("passwordMinLength", "12"));
		assertThat(Browser.location(saved)).endsWith("/sys/settings");
		assertThat(this.admin.followWithin(saved, origin()).body()).contains("The security settings were saved.");
		assertThat(this.jdbc.queryForObject("SELECT detail FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
				+ "AND reason = 'security' ORDER BY id DESC LIMIT 1", String.class))
			.isEqualTo("security.password-min-length 8 -> 12");

		SsoUser second = this.provider.fixtures().user();
		String refused = changePassword(second, eleven);
		assertThat(refused).contains("The password is shorter than the minimum length this provider asks for.")
			.contains("minlength=\"12\"");
		assertThat(changePassword(second, eleven + "x")).doesNotContain("shorter than the minimum length");
	}

	/** Changes the person's password on their profile; returns the page shown after. */
	String changePassword(SsoUser user, String newPassword) {
		Browser browser = Pages.signedIn(origin(), user);
		HttpResponse<String> profile = browser.get(origin() + "/accounts/profile");
		return browser.followWithin(browser.submitForm(profile, "form#change-password",
				Map.of("currentPassword", TestFixtures.PASSWORD, "newPassword", newPassword, "newPasswordConfirm",
						newPassword)),
				origin()).body();
	}

	@Test
	void saveWhenAccountThresholdLoweredThenSignInsThrottledAfterTheNewNumberOfFailures() {
		SsoUser before = this.provider.fixtures().user();
		for (int i = 1; i <= 3; i++) {
			assertThat(signIn(new Browser(), before.getUsername(), "wrong-" + i)).endsWith("/accounts/login?error");
		}
		saveSecurity(this.admin, Map.of("loginAccountThreshold", "2"));

		SsoUser after = this.provider.fixtures().user();
		List<String> answers = new java.util.ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			answers.add(signIn(new Browser(), after.getUsername(), "wrong-" + i));
		}
		assertThat(answers.subList(0, 2)).allSatisfy((answer) -> assertThat(answer).endsWith("/accounts/login?error"));
		assertThat(answers.get(2)).endsWith("/accounts/login?error=throttled");
	}

	@Test
	void saveWhenTrustedBrowserDaysChangedThenTheCookieLivesThatLong() {
		saveSecurity(this.admin, Map.of("trustedBrowserDays", "3"));
		SsoUser user = this.provider.fixtures().user();
		Authenticator app = this.provider.fixtures().authenticator(user);
		Browser browser = new Browser();
		HttpResponse<String> challenge = Pages.password(browser, origin(), user.getUsername(), TestFixtures.PASSWORD);
		HttpResponse<String> trusted = browser.submitForm(challenge, "form#challenge",
				Map.of("code", app.nextCode(), "trust", "true"));
		assertThat(trusted.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("MICROSYS_TRUSTED_BROWSER=")
				.contains("Max-Age=" + Duration.ofDays(3).toSeconds()));
		Timestamp expires = this.jdbc.queryForObject(
				"SELECT MAX(expires_at) FROM sso_trusted_browser WHERE user_id = ?", Timestamp.class, user.getId());
		assertThat(Duration.between(Instant.now(), expires.toInstant())).isBetween(Duration.ofDays(3).minusHours(1),
				Duration.ofDays(3).plusHours(1));
	}

	@Test
	void saveWhenEmailCodesTurnedOffThenTheProfileNoLongerOffersThem() {
		SsoUser user = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(origin(), user);
		assertThat(Jsoup.parse(browser.get(origin() + "/accounts/profile").body()).select("#enable-email")).hasSize(1);

		Map<String, String> off = new HashMap<>();
		HttpResponse<String> page = this.admin.get(origin() + "/sys/settings");
		off.put("defaultLanguage", "en");
		// An unticked box is not sent: the browser posts the form without emailCodes.
		String body = Jsoup.parse(page.body()).selectFirst("form#security").select("input[name]").stream()
			.filter((input) -> !input.attr("name").equals("emailCodes"))
			.filter((input) -> !input.attr("type").equals("checkbox") || input.hasAttr("checked"))
			.map((input) -> Browser.urlEncode(Map.of(input.attr("name"), input.attr("value"))))
			.reduce(Browser.urlEncode(off), (a, b) -> a + "&" + b);
		HttpResponse<String> saved = this.admin.send(HttpRequest.newBuilder(URI.create(origin() + "/sys/settings/security"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
		assertThat(saved.statusCode()).isEqualTo(302);

		assertThat(Jsoup.parse(browser.get(origin() + "/accounts/profile").body()).select("#enable-email")).isEmpty();
		assertThat(browser.get(origin() + "/accounts/profile/two-factor/email").statusCode()).isIn(302, 404);
	}

	@Test
	void saveWhenSingleSessionTurnedOnThenANewSignInEndsTheOlderSession() {
		SsoUser user = this.provider.fixtures().user();
		Browser first = Pages.signedIn(origin(), user);
		Browser second = Pages.signedIn(origin(), user);
		assertThat(first.get(origin() + "/").statusCode()).isEqualTo(200);

		saveSecurity(this.admin, Map.of("singleSession", "true"));
		Browser third = Pages.signedIn(origin(), user);

		assertThat(Browser.location(first.get(origin() + "/"))).endsWith("/accounts/login");
		assertThat(Browser.location(second.get(origin() + "/"))).endsWith("/accounts/login");
		assertThat(third.get(origin() + "/").statusCode()).isEqualTo(200);
	}

	@Test
	void saveWhenDefaultLanguageArabicThenPagesForABrowserWithoutPreferenceAreArabic() {
		assertThat(Jsoup.parse(new Browser().get(origin() + "/accounts/login").body()).selectFirst("html").attr("lang"))
			.isEqualTo("en");
		saveSecurity(this.admin, Map.of("defaultLanguage", "ar"));

		Document page = Jsoup.parse(new Browser().get(origin() + "/accounts/login").body());
		assertThat(page.selectFirst("html").attr("lang")).isEqualTo("ar");
		assertThat(page.selectFirst("html").attr("dir")).isEqualTo("rtl");
		HttpResponse<String> english = new Browser().send(HttpRequest.newBuilder(URI.create(origin() + "/accounts/login"))
			.header("Accept", "text/html")
			.header("Accept-Language", "en-GB,en;q=0.8")
			.build());
		assertThat(Jsoup.parse(english.body()).selectFirst("html").attr("lang")).isEqualTo("en");
	}

	@Test
	void saveWhenAuditRetentionShortenedThenThePurgeUsesIt() {
		SsoUser user = this.provider.fixtures().user();
		signIn(new Browser(), user.getUsername(), "wrong");
		Long id = this.jdbc.queryForObject(
				"SELECT MAX(id) FROM sso_audit_event WHERE event_type = 'LOGIN_FAILURE' AND username = ?", Long.class,
				user.getUsername());
		this.jdbc.update("UPDATE sso_audit_event SET created_at = ? WHERE id = ?",
				java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(3), id);
		AuditRetention retention = this.provider.context().getBean(AuditRetention.class);
		retention.purge();
		assertThat(exists(id)).isTrue();

		saveSecurity(this.admin, Map.of("auditRetentionDays", "2"));
		retention.purge();
		assertThat(exists(id)).isFalse();
	}

	boolean exists(long id) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE id = ?", Long.class, id) == 1;
	}

	@Test
	void saveWhenSettingFixedByEnvironmentVariableThenItIsNotChangedAndTheVariableWins() {
		ClientThrottleProperties properties = this.provider.context().getBean(ClientThrottleProperties.class);
		assertThat(properties.getClientThreshold()).isEqualTo(12);

		HttpResponse<String> saved = saveSecurity(this.admin, Map.of("clientThreshold", "3", "loginMailThreshold", "9"));
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(storedKeys()).containsExactly(Setting.LOGIN_MAIL_THRESHOLD.key());
		// A row stored by other means (an older node, by hand) does not win over the variable either.
		this.stored.put(Setting.CLIENT_THRESHOLD.key(), "3", "test");
		assertThat(this.settings.number(Setting.CLIENT_THRESHOLD, properties.getClientThreshold())).isEqualTo(12);
		Document page = Jsoup.parse(this.admin.get(origin() + "/sys/settings").body());
		assertThat(page.selectFirst("form#security input[name=clientThreshold]").attr("value")).isEqualTo("12");
		assertThat(page.selectFirst("#clientThreshold-fixed").text())
			.isEqualTo("Set by the environment variable " + FIXED + ", which wins over this page: change it there.");
	}

	@Test
	void clientAddressWhenDirectThenForwardedForChangesNothing() {
		String username = TestFixtures.unique("direct");
		signIn(new Browser().from("203.0.113.40"), username, "wrong");

		assertThat(failureAddress(username)).isEqualTo(PEER);
		assertThat(throttleKeys("203.0.113.40")).isZero();
	}

	@Test
	void clientAddressWhenProxyWithOneHopThenTheRightMostAddressIsTheClient() {
		HttpResponse<String> saved = saveNetwork(Map.of("mode", "proxy", "hops", "1"));
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(this.jdbc.queryForObject("SELECT detail FROM sso_audit_event WHERE event_type = 'SETTINGS_CHANGED' "
				+ "AND reason = 'network' ORDER BY id DESC LIMIT 1", String.class))
			.isEqualTo("network.client-address direct -> proxy");

		String username = TestFixtures.unique("proxied");
		signIn(new Browser().from("198.51.100.9, 203.0.113.41"), username, "wrong");
		assertThat(failureAddress(username)).isEqualTo("203.0.113.41");
		assertThat(throttleKeys("203.0.113.41")).isEqualTo(1);
		assertThat(throttleKeys("198.51.100.9")).isZero();

		saveNetwork(Map.of("mode", "proxy", "hops", "2"));
		String second = TestFixtures.unique("proxied");
		signIn(new Browser().from("198.51.100.10, 203.0.113.42"), second, "wrong");
		assertThat(failureAddress(second)).isEqualTo("198.51.100.10");
	}

	@Test
	void clientAddressWhenHeaderThenTheHeadersAddressAndWithoutOneRefused() {
		assertThat(saveNetwork(Map.of("mode", "header", "header", "X-Real-IP")).statusCode()).isEqualTo(302);

		String username = TestFixtures.unique("header");
		Browser browser = new Browser();
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(origin() + "/accounts/login"))
			.header("Accept", "text/html")
			.header("X-Real-IP", "203.0.113.43")
			.build());
		assertThat(login.statusCode()).isEqualTo(200);
		Map<String, String> form = Map.of("_csrf", Browser.csrfToken(login), "username", username, "password", "wrong");
		HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(origin() + "/accounts/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Real-IP", "203.0.113.43")
			.header("X-Forwarded-For", "198.51.100.11")
			.POST(HttpRequest.BodyPublishers.ofString(Browser.urlEncode(form)))
			.build());
		assertThat(Browser.location(answer)).endsWith("/accounts/login?error");
		assertThat(failureAddress(username)).isEqualTo("203.0.113.43");
		assertThat(throttleKeys("203.0.113.43")).isEqualTo(1);
		assertThat(throttleKeys("198.51.100.11")).isZero();

		assertThat(send("/accounts/login", null).statusCode()).isEqualTo(400);
		assertThat(send("/accounts/login", "not-an-address").statusCode()).isEqualTo(400);
	}

	HttpResponse<String> send(String path, String realIp) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path)).header("Accept", "text/html");
		if (realIp != null) {
			request.header("X-Real-IP", realIp);
		}
		return new Browser().send(request.GET().build());
	}

	String failureAddress(String username) {
		return this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGIN_FAILURE")
			.stream()
			.filter((event) -> username.equals(event.getUsername()))
			.findFirst()
			.orElseThrow()
			.getIpAddress();
	}

	long throttleKeys(String ip) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_login_throttle WHERE throttle_key = ?", Long.class,
				"i:" + ip);
	}

}
