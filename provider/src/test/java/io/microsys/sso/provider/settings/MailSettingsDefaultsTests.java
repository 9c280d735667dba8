package io.microsys.sso.provider.settings;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.microsys.sso.provider.settings.MailSettings.TlsMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Which mail server is in effect: an environment variable, else the value stored from the console,
 * else the {@code spring.mail.*} property.
 */
class MailSettingsDefaultsTests {

	private final StoredSettings stored = mock(StoredSettings.class);

	private MailSettings settings(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.mail.host", "property-host");
		properties.put("spring.mail.port", "2525");
		properties.put("spring.mail.password", "property-password");
		environment.getPropertySources().addLast(new MapPropertySource("application", properties));
		return new MailSettings(this.stored, new EnvironmentOverrides(environment), environment);
	}

	@Test
	void effectiveWhenNothingStoredThenTheProperties() {
		given(this.stored.all()).willReturn(Map.of());
		MailSettings.Effective effective = settings(Map.of()).effective();
		assertThat(effective.host()).isEqualTo("property-host");
		assertThat(effective.port()).isEqualTo(2525);
		assertThat(effective.tls()).isEqualTo(TlsMode.NONE);
		assertThat(effective.plainPassword()).isEqualTo("property-password");
		assertThat(effective.from()).isEqualTo("Microsys SSO <no-reply@localhost>");
		assertThat(effective.anyStored()).isFalse();
		assertThat(effective.toString()).doesNotContain("property-password");
	}

	@Test
	void effectiveWhenStoredThenStoredOverThePropertiesAndTheVariableOverBoth() {
		given(this.stored.all()).willReturn(Map.of(MailSettings.HOST, "stored-host", MailSettings.PORT, "465",
				MailSettings.TLS, "smtps", MailSettings.USERNAME, "mailer", MailSettings.PASSWORD, "c2VhbGVk",
				MailSettings.FROM, "Team <team@example.org>"));
		MailSettings stored = settings(Map.of());
		assertThat(stored.effective()).isEqualTo(new MailSettings.Effective("stored-host", 465, TlsMode.SMTPS,
				"mailer", null, "c2VhbGVk", "Team <team@example.org>", true));
		assertThat(stored.fixedBy(MailSettings.HOST)).isEmpty();

		MailSettings fixed = settings(Map.of("SPRING_MAIL_HOST", "env-host", "SPRING_MAIL_PASSWORD", "env-password"));
		MailSettings.Effective effective = fixed.effective();
		assertThat(effective.host()).isEqualTo("env-host");
		assertThat(effective.plainPassword()).isEqualTo("env-password");
		assertThat(effective.sealedPassword()).isNull();
		assertThat(effective.port()).isEqualTo(465);
		assertThat(fixed.fixedBy(MailSettings.HOST)).contains("SPRING_MAIL_HOST");
		assertThat(fixed.fixedBy(MailSettings.PASSWORD)).contains("SPRING_MAIL_PASSWORD");
		assertThat(fixed.fixedBy(MailSettings.FROM)).isEmpty();
	}

	@Test
	void effectiveWhenTheStoredHostIsEmptyThenNoMailServerDespiteTheProperty() {
		given(this.stored.all()).willReturn(Map.of(MailSettings.HOST, "", MailSettings.PASSWORD, ""));
		MailSettings settings = settings(Map.of());
		assertThat(settings.isConfigured()).isFalse();
		assertThat(settings.effective().hasPassword()).isFalse();
	}

}
