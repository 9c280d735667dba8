package io.microsys.sso.provider.admin;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Area;

/**
 * The console's sections, in the order of its navigation: each is listed only to those who may
 * view its area. The message keys are {@code console.section.<code>} and
 * {@code console.section.<code>.about}.
 */
public enum ConsoleSection {

	USERS("users", "/sys/users", Area.USERS), SCOPES("scopes", "/sys/scopes", Area.SCOPES),
	GROUPS("groups", "/sys/groups", Area.GROUPS), CLIENTS("clients", "/sys/clients", Area.CLIENTS),
	REGISTRATIONS("registrations", "/sys/registrations", Area.REGISTRATIONS),
	INVITATIONS("invitations", "/sys/invitations", Area.REGISTRATIONS), LOGS("logs", "/sys/logs", Area.LOGS),
	SETTINGS("settings", "/sys/settings", Area.SETTINGS);

	private final String code;

	private final String path;

	private final Area area;

	ConsoleSection(String code, String path, Area area) {
		this.code = code;
		this.path = path;
		this.area = area;
	}

	public String code() {
		return this.code;
	}

	public String path() {
		return this.path;
	}

	public Area area() {
		return this.area;
	}

	/** Opening the section means viewing its area. */
	public Action action() {
		return Action.VIEW;
	}

}
