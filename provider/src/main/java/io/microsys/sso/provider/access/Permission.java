package io.microsys.sso.provider.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a person may be granted, directly or through a group: an {@link Area} x {@link Action}
 * ({@code users.view}), or one of the two authorities that shape a tier, {@link #MANAGE_SCOPES}
 * and {@link #MANAGE_STAFF}, which only a superuser grants. The {@linkplain #code() code} is what
 * the database stores.
 */
public enum Permission {

	USERS_VIEW(Area.USERS, Action.VIEW),
	USERS_ADD(Area.USERS, Action.ADD),
	USERS_CHANGE(Area.USERS, Action.CHANGE),
	USERS_DELETE(Area.USERS, Action.DELETE),
	SCOPES_VIEW(Area.SCOPES, Action.VIEW),
	SCOPES_ADD(Area.SCOPES, Action.ADD),
	SCOPES_CHANGE(Area.SCOPES, Action.CHANGE),
	SCOPES_DELETE(Area.SCOPES, Action.DELETE),
	GROUPS_VIEW(Area.GROUPS, Action.VIEW),
	GROUPS_ADD(Area.GROUPS, Action.ADD),
	GROUPS_CHANGE(Area.GROUPS, Action.CHANGE),
	GROUPS_DELETE(Area.GROUPS, Action.DELETE),
	CLIENTS_VIEW(Area.CLIENTS, Action.VIEW),
	CLIENTS_ADD(Area.CLIENTS, Action.ADD),
	CLIENTS_CHANGE(Area.CLIENTS, Action.CHANGE),
	CLIENTS_DELETE(Area.CLIENTS, Action.DELETE),
	REGISTRATIONS_VIEW(Area.REGISTRATIONS, Action.VIEW),
	REGISTRATIONS_ADD(Area.REGISTRATIONS, Action.ADD),
	REGISTRATIONS_CHANGE(Area.REGISTRATIONS, Action.CHANGE),
	REGISTRATIONS_DELETE(Area.REGISTRATIONS, Action.DELETE),
	LOGS_VIEW(Area.LOGS, Action.VIEW),
	LOGS_ADD(Area.LOGS, Action.ADD),
	LOGS_CHANGE(Area.LOGS, Action.CHANGE),
	LOGS_DELETE(Area.LOGS, Action.DELETE),
	SETTINGS_VIEW(Area.SETTINGS, Action.VIEW),
	SETTINGS_ADD(Area.SETTINGS, Action.ADD),
	SETTINGS_CHANGE(Area.SETTINGS, Action.CHANGE),
	SETTINGS_DELETE(Area.SETTINGS, Action.DELETE),

	/** Unscoped staff holding it are global staff: every person and every scope. */
	MANAGE_SCOPES(null, null),

	/** Changing who is staff, and staff members' permissions and groups. */
	MANAGE_STAFF(null, null);

	private static final Map<String, Permission> BY_CODE = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(Permission::code, Function.identity()));

	private final Area area;

	private final Action action;

	Permission(Area area, Action action) {
		this.area = area;
		this.action = action;
	}

	/** The permission for an action in an area. */
	public static Permission of(Area area, Action action) {
		return valueOf(area.name() + "_" + action.name());
	}

	/** The permission with this stored code, if there is one. */
	public static Optional<Permission> ofCode(String code) {
		return Optional.ofNullable((code != null) ? BY_CODE.get(code) : null);
	}

	/** The area, or null for {@link #MANAGE_SCOPES} and {@link #MANAGE_STAFF}. */
	public Area area() {
		return this.area;
	}

	/** The action, or null for {@link #MANAGE_SCOPES} and {@link #MANAGE_STAFF}. */
	public Action action() {
		return this.action;
	}

	/** {@code users.view}, {@code manage_scopes}, {@code manage_staff}. */
	public String code() {
		return (this.area != null) ? this.area.code() + "." + this.action.code() : name().toLowerCase(Locale.ROOT);
	}

	/** Whether only a superuser may grant it. */
	public boolean onlySuperusersGrant() {
		return this == MANAGE_SCOPES || this == MANAGE_STAFF;
	}

}
