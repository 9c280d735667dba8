package io.microsys.sso.provider;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.microsys.sso.provider.api.ApiProperties;
import io.microsys.sso.provider.client.ClientProperties;
import io.microsys.sso.provider.mail.MailProperties;
import io.microsys.sso.provider.oidc.authorization.AuthorizationProperties;
import io.microsys.sso.provider.oidc.keys.KeyProperties;
import io.microsys.sso.provider.oidc.logout.BackchannelLogoutProperties;
import io.microsys.sso.provider.outbox.OutboxProperties;
import io.microsys.sso.provider.profile.PasswordResetProperties;
import io.microsys.sso.provider.registration.InvitationProperties;
import io.microsys.sso.provider.session.SessionProperties;
import io.microsys.sso.provider.settings.NetworkProperties;
import io.microsys.sso.provider.settings.PasswordProperties;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RegistrationProperties;
import io.microsys.sso.provider.setup.AdminProperties;
import io.microsys.sso.provider.setup.BootstrapProperties;
import io.microsys.sso.provider.throttle.ClientThrottleProperties;
import io.microsys.sso.provider.throttle.LoginThrottleProperties;
import io.microsys.sso.provider.twofactor.TwoFactorProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code microsys.sso.*} settings, one properties class per feature: the names, defaults and
 * environment variables of the single class they replaced, a description of each in the IDE
 * metadata, and a wrong value stops start-up with a message naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertiesTests {

	/** Every properties class of the provider, found the way the application finds them. */
	@Configuration(proxyBeanMethods = false)
	@ConfigurationPropertiesScan(basePackageClasses = MicrosysSsoApplication.class)
	static class AllProperties {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AllProperties.class);

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/**
	 * Every property of the single {@code SsoProperties} class these classes replaced, and
	 * {@code trusted-proxies}, read on its own before; then those added since (the activity log's
	 * retention, the admin API's rate limit and documentation page).
	 */
	static final List<String> PROPERTIES = List.of("microsys.sso.data-dir", "microsys.sso.issuer",
			"microsys.sso.master-key", "microsys.sso.trusted-proxies", "microsys.sso.bootstrap.file",
			"microsys.sso.admin.username", "microsys.sso.admin.password", "microsys.sso.admin.email", "microsys.sso.keys.rotate",
			"microsys.sso.keys.rsa-key-size", "microsys.sso.keys.refresh-interval", "microsys.sso.keys.publish-ahead",
			"microsys.sso.authorizations.purge-grace", "microsys.sso.authorizations.purge-interval",
			"microsys.sso.authorizations.pending-ttl", "microsys.sso.authorizations.refresh-reuse-grace",
			"microsys.sso.clients.secret-cache-size", "microsys.sso.clients.secret-cache-ttl",
			"microsys.sso.backchannel-logout.attempts", "microsys.sso.backchannel-logout.initial-backoff",
			"microsys.sso.backchannel-logout.timeout", "microsys.sso.backchannel-logout.max-pending",
			"microsys.sso.backchannel-logout.session-memory", "microsys.sso.login-throttle.account-threshold",
			"microsys.sso.login-throttle.ip-threshold", "microsys.sso.login-throttle.mail-threshold",
			"microsys.sso.login-throttle.initial-block", "microsys.sso.login-throttle.max-block",
			"microsys.sso.login-throttle.forget-after", "microsys.sso.client-throttle.client-threshold",
			"microsys.sso.client-throttle.ip-threshold", "microsys.sso.client-throttle.initial-block",
			"microsys.sso.client-throttle.max-block", "microsys.sso.client-throttle.forget-after",
			"microsys.sso.two-factor.email-codes", "microsys.sso.two-factor.email-code-ttl",
			"microsys.sso.two-factor.email-code-attempts", "microsys.sso.two-factor.email-code-cooldown",
			"microsys.sso.two-factor.trusted-browser", "microsys.sso.sessions.single-session",
			"microsys.sso.mail.from", "microsys.sso.password-reset.link-ttl", "microsys.sso.password-reset.cooldown",
			"microsys.sso.registration.enabled", "microsys.sso.registration.mode",
			"microsys.sso.registration.link-ttl", "microsys.sso.registration.cooldown",
			"microsys.sso.registration.ip-threshold", "microsys.sso.registration.unverified-retention",
			"microsys.sso.invitations.ttl", "microsys.sso.outbox.poll-interval", "microsys.sso.outbox.lease",
			"microsys.sso.outbox.attempts", "microsys.sso.outbox.initial-backoff", "microsys.sso.outbox.max-backoff",
			"microsys.sso.outbox.failed-retention", "microsys.sso.outbox.mail-max-pending",
			"microsys.sso.outbox.signup-max-pending", "microsys.sso.outbox.password-reset-max-pending",
			"microsys.sso.audit.retention", "microsys.sso.audit.retention-interval",
			"microsys.sso.audit.retention-batch-size", "microsys.sso.audit.retention-pause",
			"microsys.sso.authorizations.pushed-request-ttl", "microsys.sso.default-language",
			"microsys.sso.password.min-length", "microsys.sso.network.client-address", "microsys.sso.network.header",
			"microsys.sso.network.proxy-hops", "microsys.sso.api.requests-per-second", "microsys.sso.api.burst",
			"microsys.sso.api.docs-ui");

	@Test
	void bindWhenNothingSetThenTheDefaultsOfBefore() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ProviderProperties.class))
				.extracting("dataDir", "issuer", "masterKey", "trustedProxies")
				.containsExactly(Path.of("data"), "http://localhost:9000/o", null, List.of());
			assertThat(context.getBean(ProviderProperties.class).baseUrl()).isEqualTo("http://localhost:9000");
			assertThat(context.getBean(BootstrapProperties.class).getFile()).isNull();
			assertThat(context.getBean(AdminProperties.class)).extracting("username", "password", "email")
				.containsExactly(null, null, null);
			assertThat(context.getBean(KeyProperties.class)).extracting("rotate", "rsaKeySize", "refreshInterval")
				.containsExactly(false, 2048, Duration.ofMinutes(1));
			assertThat(context.getBean(AuthorizationProperties.class))
				.extracting("purgeGrace", "purgeInterval", "pendingTtl", "refreshReuseGrace")
				.containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(30),
						Duration.ofSeconds(5));
			assertThat(context.getBean(ClientProperties.class)).extracting("secretCacheSize", "secretCacheTtl")
				.containsExactly(10_000, Duration.ofMinutes(10));
			assertThat(context.getBean(BackchannelLogoutProperties.class))
				.extracting("attempts", "initialBackoff", "timeout", "maxPending", "sessionMemory")
				.containsExactly(4, Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000, Duration.ofDays(30));
			assertThat(context.getBean(LoginThrottleProperties.class))
				.extracting("accountThreshold", "ipThreshold", "mailThreshold", "initialBlock", "maxBlock",
						"forgetAfter")
				.containsExactly(5, 20, 10, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
			assertThat(context.getBean(ClientThrottleProperties.class))
				.extracting("clientThreshold", "ipThreshold", "initialBlock", "maxBlock", "forgetAfter")
				.containsExactly(10, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
			assertThat(context.getBean(TwoFactorProperties.class))
				.extracting("emailCodes", "emailCodeTtl", "emailCodeAttempts", "emailCodeCooldown", "trustedBrowser")
				.containsExactly(false, Duration.ofMinutes(10), 5, Duration.ofSeconds(120), Duration.ofDays(30));
			assertThat(context.getBean(SessionProperties.class).isSingleSession()).isFalse();
			assertThat(context.getBean(MailProperties.class).getFrom()).isEqualTo("Microsys SSO <no-reply@localhost>");
			assertThat(context.getBean(PasswordResetProperties.class)).extracting("linkTtl", "cooldown")
				.containsExactly(Duration.ofMinutes(30), Duration.ofSeconds(120));
			assertThat(context.getBean(RegistrationProperties.class))
				.extracting("enabled", "mode", "linkTtl", "cooldown", "ipThreshold", "unverifiedRetention")
				.containsExactly(false, RegistrationMode.VERIFIED_PENDING_APPROVAL, Duration.ofHours(24),
						Duration.ofSeconds(120), 10, Duration.ofDays(7));
			assertThat(context.getBean(InvitationProperties.class).getTtl()).isEqualTo(Duration.ofDays(7));
			assertThat(context.getBean(OutboxProperties.class))
				.extracting("pollInterval", "lease", "attempts", "initialBackoff", "maxBackoff", "failedRetention",
						"mailMaxPending", "signupMaxPending", "passwordResetMaxPending")
				.containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(2), 8, Duration.ofSeconds(30),
						Duration.ofHours(1), Duration.ofDays(7), 10_000, 200, 200);
			assertThat(context.getBean(ApiProperties.class)).extracting("requestsPerSecond", "burst", "docsUi")
				.containsExactly(20.0, 100, true);
		});
	}

	static Stream<Arguments> environmentVariables() {
		return Stream.of(
				environment("MICROSYS_SSO_ISSUER", "https://sso.example.com/o",
						(context) -> context.getBean(ProviderProperties.class).getIssuer()),
				environment("MICROSYS_SSO_DATA_DIR", "/var/lib/sso",
						(context) -> context.getBean(ProviderProperties.class).getDataDir().toString()),
				environment("MICROSYS_SSO_TRUSTED_PROXIES", "10.0.0.5,10.1.0.0/16",
						(context) -> String.join(",", context.getBean(ProviderProperties.class).getTrustedProxies())),
				environment("MICROSYS_SSO_ADMIN_USERNAME", "root",
						(context) -> context.getBean(AdminProperties.class).getUsername()),
				environment("MICROSYS_SSO_LOGINTHROTTLE_ACCOUNTTHRESHOLD", "7",
						(context) -> context.getBean(LoginThrottleProperties.class).getAccountThreshold()),
				environment("MICROSYS_SSO_LOGINTHROTTLE_FORGETAFTER", "2h",
						(context) -> context.getBean(LoginThrottleProperties.class).getForgetAfter()),
				environment("MICROSYS_SSO_CLIENTTHROTTLE_CLIENTTHRESHOLD", "3",
						(context) -> context.getBean(ClientThrottleProperties.class).getClientThreshold()),
				environment("MICROSYS_SSO_BACKCHANNELLOGOUT_ATTEMPTS", "6",
						(context) -> context.getBean(BackchannelLogoutProperties.class).getAttempts()),
				environment("MICROSYS_SSO_OUTBOX_PASSWORDRESETMAXPENDING", "50",
						(context) -> context.getBean(OutboxProperties.class).getPasswordResetMaxPending()),
				environment("MICROSYS_SSO_MAIL_FROM", "SSO <sso@example.com>",
						(context) -> context.getBean(MailProperties.class).getFrom()),
				environment("MICROSYS_SSO_TWOFACTOR_EMAILCODES", "true",
						(context) -> context.getBean(TwoFactorProperties.class).isEmailCodes()),
				environment("MICROSYS_SSO_TWOFACTOR_TRUSTEDBROWSER", "7d",
						(context) -> context.getBean(TwoFactorProperties.class).getTrustedBrowser()),
				environment("MICROSYS_SSO_SESSIONS_SINGLESESSION", "true",
						(context) -> context.getBean(SessionProperties.class).isSingleSession()),
				environment("MICROSYS_SSO_PASSWORDRESET_LINKTTL", "15m",
						(context) -> context.getBean(PasswordResetProperties.class).getLinkTtl()),
				environment("MICROSYS_SSO_REGISTRATION_MODE", "auto_login_after_verify",
						(context) -> context.getBean(RegistrationProperties.class).getMode()),
				environment("MICROSYS_SSO_REGISTRATION_UNVERIFIEDRETENTION", "3d",
						(context) -> context.getBean(RegistrationProperties.class).getUnverifiedRetention()),
				environment("MICROSYS_SSO_INVITATIONS_TTL", "14d",
						(context) -> context.getBean(InvitationProperties.class).getTtl()),
				environment("MICROSYS_SSO_AUTHORIZATIONS_REFRESHREUSEGRACE", "0s",
						(context) -> context.getBean(AuthorizationProperties.class).getRefreshReuseGrace()),
				environment("MICROSYS_SSO_AUTHORIZATIONS_PUSHEDREQUESTTTL", "90s",
						(context) -> context.getBean(AuthorizationProperties.class).getPushedRequestTtl()),
				environment("MICROSYS_SSO_KEYS_ROTATE", "true",
						(context) -> context.getBean(KeyProperties.class).isRotate()),
				environment("MICROSYS_SSO_NETWORK_CLIENTADDRESS", "proxy",
						(context) -> context.getBean(NetworkProperties.class).getClientAddress()),
				environment("MICROSYS_SSO_NETWORK_HEADER", "X-Client-IP",
						(context) -> context.getBean(NetworkProperties.class).getHeader()),
				environment("MICROSYS_SSO_NETWORK_PROXYHOPS", "2",
						(context) -> context.getBean(NetworkProperties.class).getProxyHops()),
				environment("MICROSYS_SSO_PASSWORD_MINLENGTH", "12",
						(context) -> context.getBean(PasswordProperties.class).getMinLength()),
				environment("MICROSYS_SSO_API_BURST", "40",
						(context) -> context.getBean(ApiProperties.class).getBurst()),
				environment("MICROSYS_SSO_API_DOCSUI", "false",
						(context) -> context.getBean(ApiProperties.class).isDocsUi()),
				environment("MICROSYS_SSO_DEFAULTLANGUAGE", "ar",
						(context) -> context.getBean(ProviderProperties.class).getDefaultLanguage()));
	}

	private static Arguments environment(String name, String value, Function<ApplicationContext, Object> bound) {
		return Arguments.of(name, value, bound);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("environmentVariables")
	void bindWhenEnvironmentVariableOfTheReadmeThenItsPropertyIsSet(String name, String value,
			Function<ApplicationContext, Object> bound) {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, value))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Object result = bound.apply(context);
				Object expected = expected(result, value);
				assertThat(result).isEqualTo(expected);
			});
	}

	private static Object expected(Object bound, String value) {
		if (bound instanceof Duration) {
			return duration(value);
		}
		if (bound instanceof Integer) {
			return Integer.valueOf(value);
		}
		if (bound instanceof Boolean) {
			return Boolean.valueOf(value);
		}
		if (bound instanceof RegistrationMode) {
			return RegistrationMode.of(value).orElseThrow();
		}
		return value;
	}

	private static Duration duration(String value) {
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			case 'd' -> Duration.ofDays(amount);
			default -> throw new IllegalArgumentException(value);
		};
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			microsys.sso.login-throttle.account-threshold | 0
			microsys.sso.login-throttle.ip-threshold      | -1
			microsys.sso.client-throttle.client-threshold | 0
			microsys.sso.login-throttle.initial-block     | 0s
			microsys.sso.outbox.poll-interval             | 0s
			microsys.sso.outbox.attempts                  | 0
			microsys.sso.outbox.signup-max-pending        | 0
			microsys.sso.backchannel-logout.attempts      | 0
			microsys.sso.authorizations.refresh-reuse-grace | -1s
			microsys.sso.authorizations.pushed-request-ttl | 301s
			microsys.sso.authorizations.pushed-request-ttl | 0s
			microsys.sso.keys.rsa-key-size                | 1024
			microsys.sso.two-factor.email-code-attempts   | 0
			microsys.sso.registration.ip-threshold        | 0
			microsys.sso.clients.secret-cache-size        | -1
			microsys.sso.mail.from                        | ' '
			microsys.sso.issuer                           | ' '
			microsys.sso.default-language                 | fr
			microsys.sso.password.min-length              | 7
			microsys.sso.password.min-length              | 129
			microsys.sso.network.client-address           | forwarded
			microsys.sso.network.header                   | 'X Real IP'
			microsys.sso.network.proxy-hops               | 0
			microsys.sso.network.proxy-hops               | 11
			microsys.sso.api.requests-per-second          | -1
			microsys.sso.api.burst                        | 0
			""")
	void bindWhenValueOutOfRangeThenStartUpFailsNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining(property);
		});
	}

	@Test
	void startWhenThresholdIsZeroThenTheFailureSaysWhichPropertyAndWhy(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(AllProperties.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("microsys.sso.login-throttle.account-threshold=0");

		assertThatThrownBy(application::run).hasRootCauseInstanceOf(BindValidationException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Binding to target " + LoginThrottleProperties.class.getName() + " failed")
			.contains("Value: \"0\"")
			.contains("\"microsys.sso.login-throttle.account-threshold\"")
			.contains("Reason: must be greater than or equal to 1");
	}

	@Test
	void metadataWhenCompiledThenEveryPropertyOfBeforeWithADescription() throws Exception {
		JsonNode metadata = null;
		// Spring Boot's own jars have a file of the same name: the provider's is in its build output.
		for (URL url : Collections.list(getClass().getClassLoader().getResources(METADATA))) {
			if (url.getPath().contains("/target/classes/")) {
				try (InputStream json = url.openStream()) {
					metadata = JsonMapper.builder().build().readTree(json);
				}
			}
		}
		assertThat(metadata).as(METADATA + " written by the configuration processor").isNotNull();
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			names.add(name);
			assertThat(property.path("description").asString("")).as(name).isNotBlank();
		}
		assertThat(names).containsExactlyInAnyOrderElementsOf(PROPERTIES);
	}

}
