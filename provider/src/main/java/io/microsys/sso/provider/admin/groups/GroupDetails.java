package io.microsys.sso.provider.admin.groups;

import java.util.Set;
import java.util.TreeSet;

import io.microsys.sso.provider.access.Permission;

/**
 * A group with what it gives.
 *
 * @param id the group's id
 * @param name its name
 * @param description its description, or null
 * @param permissions the permissions its members get
 */
public record GroupDetails(long id, String name, String description, Set<Permission> permissions) {

	/** The permissions' codes, for the form. */
	public Set<String> codes() {
		Set<String> codes = new TreeSet<>();
		this.permissions.forEach((permission) -> codes.add(permission.code()));
		return codes;
	}

}
