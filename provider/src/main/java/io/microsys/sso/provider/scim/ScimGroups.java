package io.microsys.sso.provider.scim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.etag.ETag;
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
import io.microsys.sso.provider.admin.groups.GroupMember;
import io.microsys.sso.provider.admin.groups.GroupNameTakenException;
import io.microsys.sso.provider.admin.groups.GroupState;
import io.microsys.sso.provider.admin.groups.MemberRow;
import io.microsys.sso.provider.support.PlainText;

/**
 * SCIM {@code /Groups}: the console's groups through {@link GroupAdministration} (its policy:
 * {@code groups.*}, and changing someone's groups needs what the person's page needs, so
 * {@code manage_staff}). {@code members} are people's uuids; only members the caller may see are
 * listed and changed (others stay). The list reads at most {@link #MAX_GROUPS} groups in keyset
 * pages and the SDK filters and sorts them in memory; lists leave {@code members} out (read one
 * group for them).
 * <p>
 * {@code meta.version} (the ETag) is the group's stored version, which every change of its name,
 * permissions or members moves. A creation or a replacement (PUT, or the SDK's PATCH) is one
 * transaction: it locks the people it touches, then changes the group at the version it was based
 * on ({@code If-Match}, else the version the SDK read for the PATCH), which moves it — of two
 * writers based on one version, one goes on and the other is answered 412, a permission given in
 * the console meanwhile is never written back — and a member refused undoes all of it.
 */
class ScimGroups extends ResourceHandler<Group> {

	/** The most groups a list reads (the SDK then filters, sorts and pages them in memory). */
	static final int MAX_GROUPS = 1_000;

	/** The most members one group shows. */
	static final int MAX_MEMBERS = 10_000;

	/** Rows read at a time (groups of a list, members of a group). */
	private static final int BATCH = 500;

	private final GroupAdministration groups;

	private final ScimErrors errors;

	private final TransactionTemplate transaction;

	ScimGroups(GroupAdministration groups, ScimErrors errors, PlatformTransactionManager transactions) {
		this.groups = groups;
		this.errors = errors;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public Group createResource(Group resource, Context context) {
		Actor actor = ScimCaller.of(context);
		String name = name(resource.getDisplayName().orElse(null));
		Set<String> members = memberIds(resource);
		return this.errors.translate(() -> {
			long id = this.transaction.execute((status) -> {
				this.groups.lockPeople(members);
				long created = named(() -> this.groups.create(actor, name, null, Set.of()));
				setMembers(actor, created, Set.of(), members);
				return created;
			});
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
			long after = 0;
			while (all.size() < MAX_GROUPS) {
				List<GroupState> rows = this.groups.after(actor, after, Math.min(BATCH, MAX_GROUPS - all.size()));
				rows.forEach((row) -> all.add(group(row, null)));
				if (rows.isEmpty()) {
					break;
				}
				after = rows.get(rows.size() - 1).id();
			}
			return PartialListResponse.<Group>builder().resources(all).totalResults(all.size()).build();
		});
	}

	@Override
	public Group updateResource(Group resource, Context context) {
		Actor actor = ScimCaller.of(context);
		long id = id(resource.getId().orElseThrow());
		Set<String> members = memberIds(resource);
		return this.errors.translate(() -> {
			this.transaction.executeWithoutResult((status) -> {
				GroupState now = this.groups.state(actor, id);
				String name = resource.getDisplayName().map(ScimGroups::name).orElse(now.name());
				long version = ScimVersions.expected(resource, context).orElse(now.version());
				Set<String> current = new LinkedHashSet<>(members(actor, id).stream().map(MemberRow::uuid).toList());
				Set<String> touched = new LinkedHashSet<>(current);
				touched.addAll(members);
				// People first, then the group at the version the change is based on (with its
				// description and permissions as read with it): a change meanwhile is 412, never
				// overwritten, and a member refused undoes the whole replacement.
				this.groups.lockPeople(touched);
				named(() -> this.groups.change(actor, id, name, now.description(), now.permissions(),
						OptionalLong.of(version)).id());
				setMembers(actor, id, current, members);
			});
			return group(actor, id, true);
		});
	}

	@Override
	public void deleteResource(String id, Context context) {
		Actor actor = ScimCaller.of(context);
		OptionalLong expected = ScimVersions.ifMatch(context).map(OptionalLong::of).orElse(OptionalLong.empty());
		this.errors.run(() -> this.groups.delete(actor, id(id), expected));
	}

	/** Adds and removes members so the visible ones ({@code current}) become {@code wanted}. */
	private void setMembers(Actor actor, long id, Set<String> current, Set<String> wanted) {
		for (String uuid : wanted) {
			if (!current.contains(uuid)
					&& this.groups.addPerson(actor, id, uuid) == GroupAdministration.Membership.NO_PERSON) {
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

	/** The members the actor may see, by account id in keyset batches. */
	private List<MemberRow> members(Actor actor, long id) {
		List<MemberRow> members = new ArrayList<>();
		long after = 0;
		while (members.size() < MAX_MEMBERS) {
			List<GroupMember> rows = this.groups.members(actor, id, after, Math.min(BATCH, MAX_MEMBERS - members.size()));
			rows.forEach((row) -> members.add(row.person()));
			if (rows.isEmpty()) {
				break;
			}
			after = rows.get(rows.size() - 1).userId();
		}
		return members;
	}

	private Group group(Actor actor, long id, boolean withMembers) {
		return group(this.groups.state(actor, id), withMembers ? members(actor, id) : null);
	}

	private static Group group(GroupState state, List<MemberRow> members) {
		Group group = Group.builder()
			.id(Long.toString(state.id()))
			.displayName(state.name())
			.meta(Meta.builder()
				.resourceType("Group")
				.created(state.createdAt())
				.lastModified(state.updatedAt())
				.version(ETag.builder().weak(false).tag(Long.toString(state.version())).build())
				.build())
			.build();
		if (members != null && !members.isEmpty()) {
			group.setMembers(members.stream()
				.map((member) -> Member.builder().value(member.uuid()).display(member.username()).type("User").build())
				.toList());
		}
		return group;
	}

	/** A name as the console's form takes it: not blank, at most 150 characters, no control character. */
	private static String name(String given) {
		if (given == null || given.isBlank()) {
			throw new BadRequestException("displayName is required.", null, ScimType.RFC7644.INVALID_VALUE);
		}
		String name = given.trim();
		if (name.length() > GroupAdministration.NAME_MAX || !new PlainText.Validator().isValid(name, null)) {
			throw new BadRequestException("displayName: at most " + GroupAdministration.NAME_MAX + " characters, without control "
					+ "characters.", null, ScimType.RFC7644.INVALID_VALUE);
		}
		return name;
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
