package io.microsys.sso.provider.support;

import java.util.List;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AppAdmins;

/**
 * The console's app administrators in slice tests, without a database: a person signed in with
 * the username {@code admin-of-<clientId>} (see {@link #username}) administers that app, and no
 * one administers any other.
 */
public class TestAppAdmins extends AppAdmins {

	private static final String PREFIX = "admin-of-";

	public TestAppAdmins() {
		super(null);
	}

	/** The username of an admin of the app with this client id. */
	public static String username(String clientId) {
		return PREFIX + clientId;
	}

	@Override
	public boolean administers(Actor actor, String clientId) {
		return actor.username() != null && clientId != null && actor.username().equals(PREFIX + clientId);
	}

	@Override
	public List<App> of(long userId) {
		return List.of();
	}

}
