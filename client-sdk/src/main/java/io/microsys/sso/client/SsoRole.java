package io.microsys.sso.client;

import java.util.Locale;
import java.util.Optional;

/** The role a person holds in this app, as the provider sends it in {@code microsys_sso_role}. */
public enum SsoRole {

	/** Administrator of this app (never of the provider). */
	ADMIN,

	/** Staff of this app. */
	STAFF,

	/** Ordinary user of this app. */
	USER;

	/** The authority every holder of the role gets: {@code SSO_ROLE_ADMIN}, {@code _STAFF} or {@code _USER}. */
	public String authority() {
		return "SSO_ROLE_" + name();
	}

	/** The claim value: {@code admin}, {@code staff} or {@code user}. */
	public String claimValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The role with this exact claim value, if any. */
	public static Optional<SsoRole> fromClaimValue(String value) {
		for (SsoRole role : values()) {
			if (role.claimValue().equals(value)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
