package io.microsys.sso.provider.api.groups;

import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.admin.groups.GroupMember;

/**
 * A member of a group, as the API lists them.
 *
 * @param id the person's id (their uuid)
 * @param username their login name
 * @param name their first and last name, or null
 * @param email their email address, or null
 */
@Schema(name = "GroupMember", description = "A member of a group the caller may see")
record MemberItem(@Schema(example = "6f1c3c1e-8d1f-4a52-9d3e-2b0f6f1f8a11") String id,
		@Schema(example = "alice") String username, @Schema(nullable = true, example = "Alice Doe") String name,
		@Schema(nullable = true, example = "alice@example.com") String email) {

	static MemberItem of(GroupMember member) {
		return new MemberItem(member.person().uuid(), member.person().username(), member.person().name(),
				member.person().email());
	}

}
