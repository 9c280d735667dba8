package io.microsys.sso.provider.access;

import java.util.Locale;

/** What an administrator does in an {@link Area}. */
public enum Action {

	VIEW, ADD, CHANGE, DELETE;

	/** The name in permission codes and messages ({@code view}). */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
