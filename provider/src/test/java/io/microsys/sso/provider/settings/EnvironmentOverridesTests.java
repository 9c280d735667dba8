package io.microsys.sso.provider.settings;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which settings an environment variable fixes: the relaxed names Spring Boot binds. */
class EnvironmentOverridesTests {

	private static EnvironmentOverrides with(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							variables));
		environment.getPropertySources().addFirst(new MapPropertySource("application", Map.of("microsys.sso.issuer", "x")));
		return new EnvironmentOverrides(environment);
	}

	@Test
	void variableForWhenSetThenItsName() {
		EnvironmentOverrides overrides = with(Map.of("MICROSYS_SSO_ISSUER", "https://sso.example.org/o"));
		assertThat(overrides.variableFor("microsys.sso.issuer")).contains("MICROSYS_SSO_ISSUER");
		assertThat(overrides.isFixed("microsys.sso.issuer")).isTrue();
	}

	@Test
	void variableForWhenDashedNameThenEitherSpelling() {
		assertThat(with(Map.of("MICROSYS_SSO_PASSWORD_MIN_LENGTH", "12")).variableFor("microsys.sso.password.min-length"))
			.contains("MICROSYS_SSO_PASSWORD_MIN_LENGTH");
		assertThat(with(Map.of("MICROSYS_SSO_PASSWORD_MINLENGTH", "12")).variableFor("microsys.sso.password.min-length"))
			.contains("MICROSYS_SSO_PASSWORD_MINLENGTH");
	}

	@Test
	void variableForWhenOnlyInApplicationPropertiesThenNotFixed() {
		assertThat(with(Map.of()).isFixed("microsys.sso.issuer")).isFalse();
	}

}
