package io.microsys.sso.provider.scim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.data.domain.Page;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Member;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.admin.groups.GroupAdministration;
import io.microsys.sso.provider.admin.groups.GroupDetails;
import io.microsys.sso.provider.admin.groups.GroupNameTakenException;
import io.microsys.sso.provider.admin.groups.GroupRow;
import io.microsys.sso.provider.admin.groups.MemberRow;
import io.microsys.sso.provider.admin.users.PeopleProvisioning;

/**
 * SCIM {@code /Groups}: the console's groups through {@link GroupAdministration} (its policy:
 * {@code groups.*}, and changing someone's groups needs what the person's page needs, so
 * {@code manage_staff}). {@code members} are people's uuids; only members the caller may see are
 * listed and changed (others stay). The list is read a page at a time from the console's service,
 * at most {@link #MAX_GROUPS} groups, and the SDK filters and sorts that in memory; lists leave
 * {@code members} out (read one group for them). The ETag is the SDK's hash of the group.
 */
class ScimGroups extends ResourceHandler<Group> {

	/** The most groups a list reads (the SDK then filters, sorts and pages them in memory). */
	static final int MAX_GROUPS = 1_000;

	/** The most members one group shows. */
	static final int MAX_MEMBERS = 10_000;

	private final GroupAdministration groups;

	private final PeopleProvisioning people;

	private final ScimErrors errors;

	ScimGroups(GroupAdministration groups, PeopleProvisioning people, ScimErrors errors) {
		this.groups = groups;
		this.people = people;
		this.errors = errors;
	}

	@Override
	public Group createResource(Group resource, Context context) {
		Actor actor = ScimCaller.of(context);
		String name = resource.getDisplayName()
			.orElseThrow(() -> new BadRequestException("displayName is required.", null, ScimType.RFC7644.INVALID_VALUE));
		return this.errors.translate(() -> {
			long id = named(() -> this.groups.create(actor, name, null, Set.of()));
			setMembers(actor, id, memberIds(resource));
			return group(actor, id, true);
		});
	}

	@Override
	public Group getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
			Context context) {
		Actor actor = ScimCaller.of(context);
		return this.errors.translate(() -> group(actor, id(id), true));
	}

	@Override
	public PartialListResponse<Group> listResources(long startIndex, int count, FilterNode filter,
			SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
			List<SchemaAttribute> excludedAttributes, Context context) {
		Actor actor = ScimCaller.of(context);
		return this.errors.translate(() -> {
			List<Group> all = new ArrayList<>();
			for (int page = 0; all.size() < MAX_GROUPS; page++) {
				Page<GroupRow> rows = this.groups.list(actor, "", page);
				rows.forEach((row) -> all.add(group(row.id(), row.name(), null)));
				if (!rows.hasNext()) {
					break;
				}
			}
			return PartialListResponse.<Group>builder().resources(all).totalResults(all.size()).build();
		});
	}

	@Override
	public Group updateResource(Group resource, Context context) {
		Actor actor = ScimCaller.of(context);
		long id = id(resource.getId().orElseThrow());
		return this.errors.translate(() -> {
			GroupDetails details = this.groups.find(actor, id);
			String name = resource.getDisplayName().orElse(details.name());
			if (!name.equals(details.name())) {
				named(() -> {
					this.groups.change(actor, id, name, details.description(), details.permissions());
					return id;
				});
			}
			setMembers(actor, id, memberIds(resource));
			return group(actor, id, true);
		});
	}

	@Override
	public void deleteResource(String id, Context context) {
		Actor actor = ScimCaller.of(context);
		this.errors.run(() -> this.groups.delete(actor, id(id)));
	}

	/** Adds and removes members so the visible ones are {@code wanted}. */
	private void setMembers(Actor actor, long id, Set<String> wanted) {
		Set<String> current = new LinkedHashSet<>(members(actor, id).stream().map(MemberRow::uuid).toList());
		for (String uuid : wanted) {
			if (current.contains(uuid)) {
				continue;
			}
			String login;
			try {
				login = this.people.find(actor, uuid).username();
			}
			catch (ResourceNotFoundException | io.microsys.sso.provider.access.NotFoundException
					| io.microsys.sso.provider.access.TargetHiddenException ex) {
				throw new BadRequestException("members: no such person " + uuid + ".", null,
						ScimType.RFC7644.INVALID_VALUE);
			}
			if (this.groups.addMember(actor, id, login) == GroupAdministration.Membership.NO_PERSON) {
				throw new BadRequestException("members: no such person " + uuid + ".", null,
						ScimType.RFC7644.INVALID_VALUE);
			}
		}
		for (String uuid : current) {
			if (!wanted.contains(uuid)) {
				this.groups.removeMember(actor, id, uuid);
			}
		}
	}

	private List<MemberRow> members(Actor actor, long id) {
		List<MemberRow> members = new ArrayList<>();
		for (int page = 0; members.size() < MAX_MEMBERS; page++) {
			Page<MemberRow> rows = this.groups.members(actor, id, page).visible();
			members.addAll(rows.getContent());
			if (!rows.hasNext()) {
				break;
			}
		}
		return members;
	}

	private Group group(Actor actor, long id, boolean withMembers) {
		GroupDetails details = this.groups.find(actor, id);
		return group(id, details.name(), withMembers ? members(actor, id) : null);
	}

	private static Group group(long id, String name, List<MemberRow> members) {
		Group group = Group.builder()
			.id(Long.toString(id))
			.displayName(name)
			.meta(Meta.builder().resourceType("Group").build())
			.build();
		if (members != null && !members.isEmpty()) {
			group.setMembers(members.stream()
				.map((member) -> Member.builder().value(member.uuid()).display(member.username()).type("User").build())
				.toList());
		}
		return group;
	}

	private static Set<String> memberIds(Group group) {
		Set<String> ids = new LinkedHashSet<>();
		group.getMembers().forEach((member) -> member.getValue().filter(Objects::nonNull).ifPresent(ids::add));
		return ids;
	}

	private static long id(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new ResourceNotFoundException("No such resource.", null, null);
		}
	}

	private static long named(java.util.function.LongSupplier work) {
		try {
			return work.getAsLong();
		}
		catch (GroupNameTakenException ex) {
			throw new ConflictException("displayName: a group has this name already.", null,
					ScimType.RFC7644.UNIQUENESS);
		}
	}

}
