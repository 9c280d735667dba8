package io.microsys.sso.provider.client;

import java.util.Locale;

/** The role a person holds in one connected app; sent as {@code microsys_sso_role}. */
public enum MembershipRole {

	/** Administrator of this connected app (never of the provider). */
	ADMIN,

	/** Staff of this connected app. */
	STAFF,

	/** Ordinary user of this connected app. */
	USER;

	/** The claim value: {@code admin}, {@code staff} or {@code user}. */
	public String claimValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a claim value; throws {@link IllegalArgumentException} naming the allowed values. */
	public static MembershipRole fromClaimValue(String value) {
		if (value != null) {
			for (MembershipRole role : values()) {
				if (role.claimValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
					return role;
				}
			}
		}
		throw new IllegalArgumentException("role must be one of admin, staff, user (was '" + value + "')");
	}

}
