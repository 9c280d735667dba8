package io.microsys.sso.provider.settings;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored issuer: which URLs may be one, and which issuer a node starts with. */
class IssuerSettingTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://sso.example.com/o", "https://sso.example.com:8443/auth/o",
			"http://localhost:9000/o", "http://127.0.0.1:8080/o", "http://[::1]:9000/o", "http://sso.localhost/o" })
	void problemWhenAbsoluteWithAPathThenNone(String issuer) {
		assertThat(IssuerSetting.problem(issuer)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "ftp://sso.example.com/o, invalid", "sso.example.com/o, invalid", "/o, invalid",
			"'https://sso.example.com/a b', invalid", "https://sso.example.com/o?a=1, query",
			"https://sso.example.com/o#x, query", "https://me@sso.example.com/o, query",
			"http://sso.example.com/o, https", "http://10.0.0.5/o, https", "https://sso.example.com, path",
			"https://sso.example.com/, path", "https://sso.example.com/o/../x, path", "'', invalid" })
	void problemWhenNotAnIssuerThenWhy(String issuer, String problem) {
		assertThat(IssuerSetting.problem(issuer)).contains(problem);
	}

	@Test
	void problemWhenTooLongThenInvalid() {
		assertThat(IssuerSetting.problem("https://sso.example.com/" + "o".repeat(200))).contains("invalid");
	}

	@Test
	void effectiveWhenStoredThenStoredUnlessTheEnvironmentVariableIsSetOrItIsInvalid() {
		EnvironmentOverrides none = overrides(Map.of());
		assertThat(IssuerSetting.effective("http://localhost:9000/o", Optional.empty(), none))
			.isEqualTo("http://localhost:9000/o");
		assertThat(IssuerSetting.effective("http://localhost:9000/o", Optional.of("https://sso.example.com/o"), none))
			.isEqualTo("https://sso.example.com/o");
		assertThat(IssuerSetting.effective("http://localhost:9000/o", Optional.of("http://sso.example.com/o"), none))
			.isEqualTo("http://localhost:9000/o");
		EnvironmentOverrides fixed = overrides(Map.of("MICROSYS_SSO_ISSUER", "https://env.example.com/o"));
		assertThat(IssuerSetting.effective("https://env.example.com/o", Optional.of("https://sso.example.com/o"), fixed))
			.isEqualTo("https://env.example.com/o");
	}

	@Test
	void normalizedWhenTrailingSlashThenWithout() {
		assertThat(IssuerSetting.normalized(" https://sso.example.com/o/ ")).isEqualTo("https://sso.example.com/o");
	}

	static EnvironmentOverrides overrides(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new EnvironmentOverrides(environment);
	}

}
