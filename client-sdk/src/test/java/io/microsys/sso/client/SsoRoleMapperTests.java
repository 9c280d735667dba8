package io.microsys.sso.client;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SsoRoleMapperTests {

	SsoRoleMapper mapper = new SsoRoleMapper(EnumSet.allOf(SsoRole.class),
			Map.of(SsoRole.ADMIN, List.of("ROLE_PROJECT_ADMIN", "ROLE_PROJECT_STAFF"), SsoRole.STAFF,
					List.of("ROLE_PROJECT_STAFF")));

	static List<String> names(Iterable<? extends GrantedAuthority> authorities) {
		List<String> names = new java.util.ArrayList<>();
		authorities.forEach((a) -> names.add(a.getAuthority()));
		return names;
	}

	@ParameterizedTest
	@EnumSource(SsoRole.class)
	void roleWhenFlatClaimThenThatRole(SsoRole role) {
		assertThat(this.mapper.role(Map.of("microsys_sso_role", role.claimValue()))).isEqualTo(role);
	}

	@Test
	void roleWhenOnlyNestedClaimThenNestedRole() {
		assertThat(this.mapper.role(Map.of("microsys_sso", Map.of("role", "staff", "client_id", "app"))))
			.isEqualTo(SsoRole.STAFF);
	}

	@Test
	void roleWhenFlatAndNestedDisagreeThenFlatWins() {
		assertThat(this.mapper
			.role(Map.of("microsys_sso_role", "user", "microsys_sso", Map.of("role", "admin"))))
			.isEqualTo(SsoRole.USER);
	}

	@Test
	void roleWhenAbsentThenRefused() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.mapper.role(Map.of()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(SsoRoleMapper.ROLE_MISSING));
	}

	@Test
	void roleWhenNestedClaimIsNotAnObjectThenRefusedAsMissing() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.mapper.role(Map.of("microsys_sso", "admin")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(SsoRoleMapper.ROLE_MISSING));
	}

	@Test
	void roleWhenUnknownOrWrongCaseOrNotTextThenRefused() {
		for (Object value : List.of("superuser", "ADMIN", " admin", 1, List.of("admin"))) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> this.mapper.role(Map.of("microsys_sso_role", value)))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(SsoRoleMapper.ROLE_UNKNOWN));
		}
	}

	@Test
	void roleWhenNotRequiredThenRefused() {
		SsoRoleMapper staffOnly = new SsoRoleMapper(EnumSet.of(SsoRole.ADMIN, SsoRole.STAFF), Map.of());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> staffOnly.role(Map.of("microsys_sso_role", "user")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(SsoRoleMapper.ROLE_NOT_ALLOWED));
		assertThat(staffOnly.role(Map.of("microsys_sso_role", "staff"))).isEqualTo(SsoRole.STAFF);
	}

	@Test
	void authoritiesWhenAdminThenOwnAuthorityAndMappedOnesOnly() {
		assertThat(names(this.mapper.authorities(SsoRole.ADMIN))).containsExactly("SSO_ROLE_ADMIN",
				"ROLE_PROJECT_ADMIN", "ROLE_PROJECT_STAFF");
	}

	@Test
	void authoritiesWhenUserWithoutMappingThenOnlySsoRoleUser() {
		assertThat(names(this.mapper.authorities(Map.of("microsys_sso_role", "user")))).containsExactly("SSO_ROLE_USER");
	}

	@Test
	void authoritiesWhenAdminUnmappedThenNothingImplied() {
		SsoRoleMapper plain = SsoRoleMapper.defaults();

		assertThat(names(plain.authorities(SsoRole.ADMIN))).containsExactly("SSO_ROLE_ADMIN");
	}

}
