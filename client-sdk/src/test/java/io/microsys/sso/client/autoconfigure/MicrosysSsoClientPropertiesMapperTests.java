package io.microsys.sso.client.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.microsys.sso.client.SsoRole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MicrosysSsoClientPropertiesMapperTests {

	static MicrosysSsoClientProperties valid() {
		MicrosysSsoClientProperties properties = new MicrosysSsoClientProperties();
		properties.setIssuerUri("https://sso.example.com/o");
		properties.setClientId("my-app");
		properties.setClientSecret("secret");
		return properties;
	}

	@Test
	void roleMapperWhenDefaultsThenAllRolesRequiredAndNothingMapped() {
		var mapper = new MicrosysSsoClientPropertiesMapper(valid()).roleMapper();

		assertThat(mapper.requiredRoles()).containsExactlyInAnyOrder(SsoRole.values());
		assertThat(mapper.authorities(SsoRole.ADMIN)).hasSize(1);
	}

	@Test
	void roleMapperWhenRequiredRolesAndMappingGivenThenApplied() {
		MicrosysSsoClientProperties properties = valid();
		properties.setRequiredRoles(List.of("admin", " Staff "));
		properties.setRoleMapping(Map.of("admin", List.of("ROLE_PROJECT_ADMIN", " ROLE_PROJECT_STAFF"), "staff",
				List.of("ROLE_PROJECT_STAFF")));

		var mapper = new MicrosysSsoClientPropertiesMapper(properties).roleMapper();

		assertThat(mapper.requiredRoles()).containsExactlyInAnyOrder(SsoRole.ADMIN, SsoRole.STAFF);
		assertThat(mapper.authorities(SsoRole.ADMIN)).extracting("authority")
			.containsExactly("SSO_ROLE_ADMIN", "ROLE_PROJECT_ADMIN", "ROLE_PROJECT_STAFF");
	}

	@Test
	void validateWhenIssuerAndClientIdMissingThenOneMessageNamingBoth() {
		MicrosysSsoClientProperties properties = new MicrosysSsoClientProperties();

		assertThatIllegalStateException().isThrownBy(() -> new MicrosysSsoClientPropertiesMapper(properties).validate())
			.withMessageContaining("microsys.sso.client.issuer-uri is required")
			.withMessageContaining("microsys.sso.client.client-id is required");
	}

	@Test
	void validateWhenIssuerNotAnHttpUrlThenRefused() {
		MicrosysSsoClientProperties properties = valid();
		properties.setIssuerUri("sso.example.com/o");

		assertThatIllegalStateException().isThrownBy(() -> new MicrosysSsoClientPropertiesMapper(properties).validate())
			.withMessageContaining("must be an http(s) URL");
	}

	@Test
	void validateWhenUnknownRoleNamesThenEachIsNamed() {
		MicrosysSsoClientProperties properties = valid();
		properties.setRequiredRoles(List.of("admin", "owner"));
		properties.setRoleMapping(Map.of("superuser", List.of("ROLE_X")));

		assertThatIllegalStateException().isThrownBy(() -> new MicrosysSsoClientPropertiesMapper(properties).validate())
			.withMessageContaining("required-roles: unknown role 'owner'")
			.withMessageContaining("role-mapping.superuser: unknown role 'superuser'");
	}

	@Test
	void validateWhenNoRequiredRolesThenRefused() {
		MicrosysSsoClientProperties properties = valid();
		properties.setRequiredRoles(List.of());

		assertThatIllegalStateException().isThrownBy(() -> new MicrosysSsoClientPropertiesMapper(properties).validate())
			.withMessageContaining("required-roles must name at least one");
	}

}
