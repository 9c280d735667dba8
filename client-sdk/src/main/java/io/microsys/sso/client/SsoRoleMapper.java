package io.microsys.sso.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Turns the provider's role claim into Spring Security authorities, failing closed. The role is
 * read from {@code microsys_sso_role}, then from {@code microsys_sso.role}; an absent, unknown or
 * not-required role is refused with an {@link OAuth2AuthenticationException}, so no session is
 * created. A role grants {@code SSO_ROLE_<ROLE>} plus the authorities mapped to it, and nothing
 * else: {@code admin} implies nothing that is not mapped.
 */
public final class SsoRoleMapper {

	/** The flat role claim. */
	public static final String ROLE_CLAIM = "microsys_sso_role";

	/** The nested claim holding {@code role} and {@code client_id}. */
	public static final String NESTED_CLAIM = "microsys_sso";

	/** Error code when the token carries no role. */
	public static final String ROLE_MISSING = "microsys_sso_role_missing";

	/** Error code when the role is not one of admin, staff, user. */
	public static final String ROLE_UNKNOWN = "microsys_sso_role_unknown";

	/** Error code when the role is not among the required roles. */
	public static final String ROLE_NOT_ALLOWED = "microsys_sso_role_not_allowed";

	private final Set<SsoRole> requiredRoles;

	private final Map<SsoRole, List<String>> mapping;

	public SsoRoleMapper(Set<SsoRole> requiredRoles, Map<SsoRole, List<String>> mapping) {
		if (requiredRoles.isEmpty()) {
			throw new IllegalArgumentException("at least one role must be required");
		}
		this.requiredRoles = EnumSet.copyOf(requiredRoles);
		Map<SsoRole, List<String>> copy = new EnumMap<>(SsoRole.class);
		mapping.forEach((role, authorities) -> copy.put(role, List.copyOf(authorities)));
		this.mapping = copy;
	}

	/** Every role required, nothing mapped. */
	public static SsoRoleMapper defaults() {
		return new SsoRoleMapper(EnumSet.allOf(SsoRole.class), Map.of());
	}

	/** The role in these claims; throws when it is absent, unknown or not required. */
	public SsoRole role(Map<String, Object> claims) {
		Object value = claims.get(ROLE_CLAIM);
		if (value == null && claims.get(NESTED_CLAIM) instanceof Map<?, ?> nested) {
			value = nested.get("role");
		}
		if (value == null) {
			throw refused(ROLE_MISSING, "The sign-in did not say which role you have in this application.");
		}
		SsoRole role = (value instanceof String text) ? SsoRole.fromClaimValue(text).orElse(null) : null;
		if (role == null) {
			throw refused(ROLE_UNKNOWN, "The sign-in gave a role this application does not know.");
		}
		if (!this.requiredRoles.contains(role)) {
			throw refused(ROLE_NOT_ALLOWED, "Your role does not allow you to use this application.");
		}
		return role;
	}

	/** {@code SSO_ROLE_<ROLE>} and the authorities mapped to the role, in that order. */
	public Collection<GrantedAuthority> authorities(SsoRole role) {
		Set<String> names = new LinkedHashSet<>();
		names.add(role.authority());
		names.addAll(this.mapping.getOrDefault(role, List.of()));
		List<GrantedAuthority> authorities = new ArrayList<>();
		names.forEach((name) -> authorities.add(new SimpleGrantedAuthority(name)));
		return authorities;
	}

	/** The authorities for these claims; throws when the role is absent, unknown or not required. */
	public Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
		return authorities(role(claims));
	}

	public Set<SsoRole> requiredRoles() {
		return EnumSet.copyOf(this.requiredRoles);
	}

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null), description);
	}

}
