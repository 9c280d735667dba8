package io.microsys.sso.provider.access;

import java.util.Locale;

/** The console's areas: each has its pages and the four {@link Action actions} on them. */
public enum Area {

	USERS, SCOPES, GROUPS, CLIENTS, REGISTRATIONS, LOGS, SETTINGS;

	/** The name in permission codes, messages and URLs ({@code users}). */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
