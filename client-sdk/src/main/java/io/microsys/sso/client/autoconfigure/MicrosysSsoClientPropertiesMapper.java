package io.microsys.sso.client.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.microsys.sso.client.SsoRole;
import io.microsys.sso.client.SsoRoleMapper;

/**
 * Checks {@link MicrosysSsoClientProperties} and turns them into a {@link SsoRoleMapper}. Every
 * problem is reported at start-up in one message naming the property, so a misconfigured app
 * never starts half-working.
 */
public final class MicrosysSsoClientPropertiesMapper {

	private final MicrosysSsoClientProperties properties;

	public MicrosysSsoClientPropertiesMapper(MicrosysSsoClientProperties properties) {
		this.properties = properties;
	}

	/** Throws {@link IllegalStateException} listing every problem, or returns normally. */
	public void validate() {
		List<String> problems = new ArrayList<>();
		String issuer = this.properties.getIssuerUri();
		if (issuer == null || issuer.isBlank()) {
			problems.add("microsys.sso.client.issuer-uri is required (e.g. https://sso.example.com/o)");
		}
		else if (!isHttpUrl(issuer)) {
			problems.add("microsys.sso.client.issuer-uri must be an http(s) URL, was '" + issuer + "'");
		}
		if (this.properties.getClientId() == null || this.properties.getClientId().isBlank()) {
			problems.add("microsys.sso.client.client-id is required");
		}
		if (this.properties.getRequiredRoles() == null || this.properties.getRequiredRoles().isEmpty()) {
			problems.add("microsys.sso.client.required-roles must name at least one of admin, staff, user");
		}
		else {
			for (String role : this.properties.getRequiredRoles()) {
				if (parse(role) == null) {
					problems.add("microsys.sso.client.required-roles: unknown role '" + role
							+ "' (allowed: admin, staff, user)");
				}
			}
		}
		for (String role : this.properties.getRoleMapping().keySet()) {
			if (parse(role) == null) {
				problems.add("microsys.sso.client.role-mapping." + role + ": unknown role '" + role
						+ "' (allowed: admin, staff, user)");
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Microsys SSO client is misconfigured:\n - " + String.join("\n - ", problems));
		}
	}

	/** The role mapper these properties describe (call {@link #validate()} first). */
	public SsoRoleMapper roleMapper() {
		validate();
		Set<SsoRole> required = EnumSet.noneOf(SsoRole.class);
		this.properties.getRequiredRoles().forEach((role) -> required.add(parse(role)));
		Map<SsoRole, List<String>> mapping = new EnumMap<>(SsoRole.class);
		this.properties.getRoleMapping().forEach((role, authorities) -> mapping.put(parse(role),
				authorities.stream().map(String::trim).filter((a) -> !a.isEmpty()).toList()));
		return new SsoRoleMapper(required, mapping);
	}

	/** Audiences a bearer token may name: the configured ones, or else this app's client id. */
	public List<String> audiences() {
		List<String> configured = this.properties.getResourceServer()
			.getAudiences()
			.stream()
			.map(String::trim)
			.filter((audience) -> !audience.isEmpty())
			.toList();
		return configured.isEmpty() ? List.of(this.properties.getClientId()) : configured;
	}

	private static SsoRole parse(String role) {
		return (role != null) ? SsoRole.fromClaimValue(role.trim().toLowerCase(Locale.ROOT)).orElse(null) : null;
	}

	private static boolean isHttpUrl(String value) {
		try {
			URI uri = new URI(value);
			return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
