package io.microsys.sso.provider.admin.groups;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.microsys.sso.provider.access.Permission;

/**
 * A group as stored now, with its version (the admin API's ETag).
 *
 * @param id the group's id
 * @param name its name
 * @param description its description, or null
 * @param permissions the permissions its members get
 * @param members how many people are in it (including those the reader cannot see), or null where
 * not counted (lists)
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param version moved by every change of its name, description, permissions or members
 */
public record GroupState(long id, String name, String description, Set<Permission> permissions, Long members,
		Instant createdAt, Instant updatedAt, long version) {

	public GroupState {
		permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
	}

}
