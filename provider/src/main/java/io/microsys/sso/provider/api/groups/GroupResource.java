package io.microsys.sso.provider.api.groups;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.groups.GroupState;

/**
 * A group as the API answers it.
 *
 * @param id the group's id
 * @param name its name
 * @param description its description, or null
 * @param permissions the codes of the permissions its members get, sorted
 * @param members how many people are in it (including those the caller may not see); null in lists
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
@Schema(name = "Group", description = "Gives the same permissions to each of its members (staff)")
record GroupResource(@Schema(example = "3") long id, @Schema(example = "Helpdesk") String name,
		@Schema(nullable = true) String description,
		@Schema(example = "[\"users.view\", \"users.change\"]") List<String> permissions,
		@Schema(nullable = true, description = "How many people are in it, including those the caller may not "
				+ "see; only on a single group, null in lists") Long members,
		Instant createdAt, Instant updatedAt) {

	static GroupResource of(GroupState group) {
		return new GroupResource(group.id(), group.name(), group.description(),
				group.permissions().stream().map(Permission::code).sorted().toList(), group.members(),
				group.createdAt(), group.updatedAt());
	}

}
