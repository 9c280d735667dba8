package io.microsys.sso.provider.admin.groups;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.Decision;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.PersonChange;
import io.microsys.sso.provider.access.TargetHiddenException;
import io.microsys.sso.provider.access.TargetPerson;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.admin.users.TargetPeople;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;

/**
 * What {@code /sys/groups} does: list groups, create, change (name, description, the permissions
 * it gives), delete, list members (only those the actor may see, the others counted), add and
 * remove members. Rules come from the {@link AdminPolicy}: changing what a group gives is
 * {@code mayChangeGroup} with the permissions added or removed (so nobody gives a permission they
 * do not hold); adding or removing a member is a change of that person's groups
 * ({@code mayChange} with the group's permissions), so staff never change their own groups and a
 * person the actor may not see is a 404. Members' permissions are read on each request
 * ({@link io.microsys.sso.provider.access.Actors}), so a change applies at once. Every change is
 * recorded ({@link GroupEvent}). A change or delete made from a version the caller read (the admin
 * API's {@code If-Match}) has it compared under the group's lock.
 */
@Service
public class GroupAdministration {

	/** Rows a page shows. */
	public static final int PAGE_SIZE = 50;

	/** The longest name a group has (its column's size), wherever a name is taken. */
	public static final int NAME_MAX = 150;

	private final JdbcClient jdbc;

	private final UserRepository users;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	GroupAdministration(JdbcClient jdbc, UserRepository users, AdminPolicy policy, AccessGuard guard,
			ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.users = users;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** One page of groups whose name contains {@code search}, by name, with their counts. */
	public Page<GroupRow> list(Actor actor, String search, int page) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.VIEW), null);
		String pattern = "%" + search.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_")
				+ "%";
		return this.readOnly.execute((status) -> {
			long total = this.jdbc.sql("SELECT COUNT(*) FROM sso_group g WHERE g.name_key LIKE :pattern ESCAPE '!'")
				.param("pattern", pattern)
				.query(Long.class)
				.single();
			List<GroupRow> rows = this.jdbc
				.sql("SELECT g.id, g.name, g.description, "
						+ "(SELECT COUNT(*) FROM sso_group_member m WHERE m.group_id = g.id), "
						+ "(SELECT COUNT(*) FROM sso_group_permission p WHERE p.group_id = g.id) FROM sso_group g "
						+ "WHERE g.name_key LIKE :pattern ESCAPE '!' ORDER BY g.name_key LIMIT :limit OFFSET :offset")
				.param("pattern", pattern)
				.param("limit", PAGE_SIZE)
				.param("offset", (long) page * PAGE_SIZE)
				.query((rs, n) -> new GroupRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
						rs.getLong(5)))
				.list();
			return new PageImpl<>(rows, PageRequest.of(page, PAGE_SIZE), total);
		});
	}

	/** The group and what it gives. */
	public GroupDetails find(Actor actor, long id) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.VIEW), "group:" + id);
		return this.readOnly.execute((status) -> load(id, false)).orElseThrow(() -> new NotFoundException("group"));
	}

	/**
	 * Up to {@code count} groups with an id above {@code afterId}, by id, with what they give (the
	 * admin API's keyset pages; members are not counted here).
	 */
	public List<GroupState> after(Actor actor, long afterId, int count) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.VIEW), null);
		return this.readOnly.execute((status) -> {
			List<GroupState> groups = this.jdbc
				.sql("SELECT id, name, description, created_at, updated_at, version FROM sso_group WHERE id > :after "
						+ "ORDER BY id LIMIT :count")
				.param("after", afterId)
				.param("count", count)
				.query((rs, n) -> new GroupState(rs.getLong(1), rs.getString(2), rs.getString(3), Set.of(), null,
						rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getLong(6)))
				.list();
			if (groups.isEmpty()) {
				return groups;
			}
			Map<Long, Set<Permission>> given = new HashMap<>();
			this.jdbc.sql("SELECT group_id, permission FROM sso_group_permission WHERE group_id IN (:ids)")
				.param("ids", groups.stream().map(GroupState::id).toList())
				.query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
				.list()
				.forEach((row) -> Permission.ofCode(row.getValue())
					.ifPresent((permission) -> given.computeIfAbsent(row.getKey(), (id) -> EnumSet.noneOf(Permission.class))
						.add(permission)));
			return groups.stream()
				.map((group) -> new GroupState(group.id(), group.name(), group.description(),
						given.getOrDefault(group.id(), Set.of()), null, group.createdAt(), group.updatedAt(),
						group.version()))
				.toList();
		});
	}

	/** The group as stored now: what it gives, how many members it has (all of them), its version. */
	public GroupState state(Actor actor, long id) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.VIEW), "group:" + id);
		return this.readOnly.execute((status) -> read(id)).orElseThrow(() -> new NotFoundException("group"));
	}

	private Optional<GroupState> read(long id) {
		return load(id, false).flatMap((group) -> this.jdbc
			.sql("SELECT created_at, updated_at, version, "
					+ "(SELECT COUNT(*) FROM sso_group_member m WHERE m.group_id = g.id) FROM sso_group g WHERE g.id = :id")
			.param("id", id)
			.query((rs, n) -> new GroupState(id, group.name(), group.description(), group.permissions(), rs.getLong(4),
					rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getLong(3)))
			.optional());
	}

	/**
	 * The permissions the actor may tick or untick on a group: with {@code manage_staff}, those they
	 * hold ({@code manage_scopes} and {@code manage_staff} only for superusers); none otherwise.
	 */
	public Set<Permission> grantable(Actor actor) {
		Set<Permission> grantable = EnumSet.noneOf(Permission.class);
		for (Permission permission : Permission.values()) {
			if (this.policy.mayChangeGroup(actor, Action.CHANGE, Set.of(permission)).isAllowed()) {
				grantable.add(permission);
			}
		}
		return grantable;
	}

	/**
	 * Creates a group giving {@code permissions}.
	 * @throws GroupNameTakenException when a group has that name in any case
	 */
	public long create(Actor actor, String name, String description, Set<Permission> permissions) {
		this.guard.require(actor, this.policy.mayChangeGroup(actor, Action.ADD, permissions), null);
		try {
			return this.transaction.execute((status) -> {
				if (nameTaken(name, null)) {
					throw new GroupNameTakenException();
				}
				Timestamp now = now();
				KeyHolder key = new GeneratedKeyHolder();
				this.jdbc
					.sql("INSERT INTO sso_group (name, name_key, description, created_at, updated_at, version) "
							+ "VALUES (:name, :key, :description, :now, :now, 0)")
					.param("name", name.trim())
					.param("key", key(name))
					.param("description", description)
					.param("now", now)
					.update(key, "id");
				long id = key.getKey().longValue();
				grant(id, permissions, now);
				this.events.publishEvent(new GroupEvent(AuditEventType.GROUP_CREATED, AuditAction.CREATE, actor, "group",
						String.valueOf(id), name.trim(), null, false,
						Changes.none()
							.field("name", null, name.trim())
							.field("description", null, description)
							.field("permissions", null, codes(permissions)),
						null));
				return id;
			});
		}
		catch (DuplicateKeyException ex) {
			// Another writer took the name between the check and the insert (its unique key).
			throw new GroupNameTakenException();
		}
	}

	/**
	 * Creates a group giving {@code permissions} and answers it as stored (to a caller who may add
	 * groups without seeing them).
	 * @throws GroupNameTakenException when a group has that name in any case
	 */
	public GroupState add(Actor actor, String name, String description, Set<Permission> permissions) {
		long id = create(actor, name, description, permissions);
		return this.readOnly.execute((status) -> read(id)).orElseThrow(() -> new NotFoundException("group"));
	}

	/**
	 * Changes a group's name, description and permissions; the policy looks at the permissions
	 * added or removed.
	 * @throws NotFoundException when there is no such group (any more)
	 * @throws GroupNameTakenException when another group has that name in any case
	 */
	public void change(Actor actor, long id, String name, String description, Set<Permission> permissions) {
		change(actor, id, name, description, permissions, OptionalLong.empty());
	}

	/**
	 * {@link #change(Actor, long, String, String, Set)} of a group still at the {@code expected}
	 * version (empty: any).
	 * @return the group as changed (to a caller who may change groups without seeing them)
	 * @throws GroupChangedMeanwhileException when the group is at another version
	 */
	public GroupState change(Actor actor, long id, String name, String description, Set<Permission> permissions,
			OptionalLong expected) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.CHANGE), "group:" + id);
		try {
			return this.transaction.execute((status) -> {
				GroupDetails before = load(id, true).orElseThrow(() -> new NotFoundException("group"));
				checkVersion(id, expected);
				Set<Permission> added = EnumSet.noneOf(Permission.class);
				added.addAll(permissions);
				added.removeAll(before.permissions());
				Set<Permission> removed = EnumSet.noneOf(Permission.class);
				removed.addAll(before.permissions());
				removed.removeAll(permissions);
				Set<Permission> touched = EnumSet.noneOf(Permission.class);
				touched.addAll(added);
				touched.addAll(removed);
				this.guard.require(actor, this.policy.mayChangeGroup(actor, Action.CHANGE, touched), "group:" + id);
				if (nameTaken(name, id)) {
					throw new GroupNameTakenException();
				}
				Timestamp now = now();
				this.jdbc
					.sql("UPDATE sso_group SET name = :name, name_key = :key, description = :description, "
							+ "updated_at = :now, version = version + 1 WHERE id = :id")
					.param("name", name.trim())
					.param("key", key(name))
					.param("description", description)
					.param("now", now)
					.param("id", id)
					.update();
				for (Permission permission : removed) {
					this.jdbc.sql("DELETE FROM sso_group_permission WHERE group_id = :id AND permission = :permission")
						.param("id", id)
						.param("permission", permission.code())
						.update();
				}
				grant(id, added, now);
				Changes changes = Changes.none()
					.field("name", before.name(), name.trim())
					.field("description", before.description(), description)
					.field("permissions", codes(before.permissions()), codes(permissions));
				if (!changes.isEmpty()) {
					this.events.publishEvent(new GroupEvent(AuditEventType.GROUP_CHANGED, AuditAction.UPDATE, actor,
							"group", String.valueOf(id), name.trim(), null, false, changes, null));
				}
				return read(id).orElseThrow();
			});
		}
		catch (DuplicateKeyException ex) {
			// Another writer took the name between the check and the insert (its unique key).
			throw new GroupNameTakenException();
		}
	}

	/**
	 * Deletes a group: its members lose what it gave, so the policy looks at all its permissions.
	 * @throws NotFoundException when there is no such group (any more)
	 */
	public void delete(Actor actor, long id) {
		delete(actor, id, OptionalLong.empty());
	}

	/**
	 * {@link #delete(Actor, long)} of a group still at the {@code expected} version (empty: any).
	 * @throws GroupChangedMeanwhileException when the group is at another version
	 */
	public void delete(Actor actor, long id, OptionalLong expected) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.DELETE), "group:" + id);
		this.transaction.executeWithoutResult((status) -> {
			GroupDetails group = load(id, true).orElseThrow(() -> new NotFoundException("group"));
			checkVersion(id, expected);
			this.guard.require(actor, this.policy.mayChangeGroup(actor, Action.DELETE, group.permissions()),
					"group:" + id);
			long members = this.jdbc.sql("SELECT COUNT(*) FROM sso_group_member WHERE group_id = :id")
				.param("id", id)
				.query(Long.class)
				.single();
			this.jdbc.sql("DELETE FROM sso_group_member WHERE group_id = :id").param("id", id).update();
			this.jdbc.sql("DELETE FROM sso_group_permission WHERE group_id = :id").param("id", id).update();
			this.jdbc.sql("DELETE FROM sso_group WHERE id = :id").param("id", id).update();
			this.events.publishEvent(new GroupEvent(AuditEventType.GROUP_DELETED, AuditAction.DELETE, actor, "group",
					String.valueOf(id), group.name(),
					null, false, Changes.none()
						.field("name", group.name(), null)
						.field("description", group.description(), null)
						.field("permissions", codes(group.permissions()), null),
					members + " member(s)"));
		});
	}

	/**
	 * The members of the group the actor may see (the visibility condition is in the query), one
	 * page by username, and how many others there are.
	 */
	public Members members(Actor actor, long id, int page) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.VIEW), "group:" + id);
		Visibility visibility = this.policy.visiblePeople(actor);
		return this.readOnly.execute((status) -> {
			long all = this.jdbc.sql("SELECT COUNT(*) FROM sso_group_member WHERE group_id = :id")
				.param("id", id)
				.query(Long.class)
				.single();
			String visible = " FROM sso_group_member gm JOIN sso_user u ON u.id = gm.user_id WHERE gm.group_id = :id AND "
					+ visibility.sql("u.scope_id", "u.is_superuser");
			long seen = this.jdbc.sql("SELECT COUNT(*)" + visible)
				.param("id", id)
				.params(visibility.parameters())
				.query(Long.class)
				.single();
			List<MemberRow> rows = this.jdbc
				.sql("SELECT u.uuid, u.username, u.first_name, u.last_name, u.email" + visible
						+ " ORDER BY u.username_key LIMIT :limit OFFSET :offset")
				.param("id", id)
				.params(visibility.parameters())
				.param("limit", PAGE_SIZE)
				.param("offset", (long) page * PAGE_SIZE)
				.query((rs, n) -> new MemberRow(rs.getString(1), rs.getString(2), name(rs.getString(3), rs.getString(4)),
						rs.getString(5)))
				.list();
			return new Members(new PageImpl<>(rows, PageRequest.of(page, PAGE_SIZE), seen), all - seen);
		});
	}

	/**
	 * Up to {@code count} members of the group the actor may see (the visibility condition is in the
	 * query) whose account id is above {@code afterUserId}, by account id: the admin API's keyset
	 * pages, one range of the membership's primary key however far the caller has paged.
	 * @throws NotFoundException when there is no such group
	 */
	public List<GroupMember> members(Actor actor, long id, long afterUserId, int count) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.VIEW), "group:" + id);
		Visibility visibility = this.policy.visiblePeople(actor);
		return this.readOnly.execute((status) -> {
			load(id, false).orElseThrow(() -> new NotFoundException("group"));
			return this.jdbc
				.sql("SELECT gm.user_id, u.uuid, u.username, u.first_name, u.last_name, u.email FROM sso_group_member gm "
						+ "JOIN sso_user u ON u.id = gm.user_id WHERE gm.group_id = :id AND gm.user_id > :after AND "
						+ visibility.sql("u.scope_id", "u.is_superuser") + " ORDER BY gm.user_id LIMIT :count")
				.param("id", id)
				.param("after", afterUserId)
				.params(visibility.parameters())
				.param("count", count)
				.query((rs, n) -> new GroupMember(rs.getLong(1), new MemberRow(rs.getString(2), rs.getString(3),
						name(rs.getString(4), rs.getString(5)), rs.getString(6))))
				.list();
		});
	}

	/** Adds the person with this username or email to the group, as a change of their groups. */
	public Membership addMember(Actor actor, long id, String login) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.CHANGE), "group:" + id);
		Optional<Long> found = this.readOnly
			.execute((status) -> this.users.findByLogin(login.trim()).map(SsoUser::getId));
		return addFound(actor, id, found);
	}

	/**
	 * Adds the person with this uuid to the group, as a change of their groups; {@code NO_PERSON}
	 * also for a person the actor may not see.
	 */
	public Membership addPerson(Actor actor, long id, String uuid) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.CHANGE), "group:" + id);
		Optional<Long> found = this.readOnly.execute((status) -> this.jdbc
			.sql("SELECT id FROM sso_user WHERE uuid = :uuid")
			.param("uuid", uuid)
			.query(Long.class)
			.optional());
		return addFound(actor, id, found);
	}

	private Membership addFound(Actor actor, long id, Optional<Long> found) {
		try {
			return this.transaction.execute((status) -> {
				if (found.isEmpty() || !lockPerson(found.get())) {
					load(id, false).orElseThrow(() -> new NotFoundException("group"));
					return Membership.NO_PERSON;
				}
				GroupDetails group = load(id, true).orElseThrow(() -> new NotFoundException("group"));
				SsoUser person = this.users.findById(found.get()).orElseThrow();
				try {
					requireChange(actor, person, group);
				}
				catch (TargetHiddenException ex) {
					// Answered exactly as for nobody with that name: a hidden person's existence does not leak.
					return Membership.NO_PERSON;
				}
				List<String> before = groupsOf(person.getId());
				boolean already = this.jdbc
					.sql("SELECT COUNT(*) FROM sso_group_member WHERE group_id = :id AND user_id = :user")
					.param("id", id)
					.param("user", person.getId())
					.query(Long.class)
					.single() > 0;
				if (already) {
					return Membership.ALREADY;
				}
				this.jdbc.sql("INSERT INTO sso_group_member (group_id, user_id, created_at) VALUES (:id, :user, :now)")
					.param("id", id)
					.param("user", person.getId())
					.param("now", now())
					.update();
				changedGroupsOf(person.getId());
				changedMembersOf(id);
				recordMembership(AuditEventType.GROUP_MEMBER_ADDED, actor, person, group, before);
				return Membership.DONE;
			});
		}
		catch (DuplicateKeyException ex) {
			// Only a writer that does not lock the person first can get here.
			return Membership.ALREADY;
		}
	}

	/** Removes the person with this uuid from the group, as a change of their groups. */
	public Membership removeMember(Actor actor, long id, String uuid) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.GROUPS, Action.CHANGE), "group:" + id);
		return this.transaction.execute((status) -> {
			Optional<Long> locked = this.jdbc.sql("SELECT id FROM sso_user WHERE uuid = :uuid FOR UPDATE")
				.param("uuid", uuid)
				.query(Long.class)
				.optional();
			GroupDetails group = load(id, true).orElseThrow(() -> new NotFoundException("group"));
			SsoUser person = locked.flatMap(this.users::findById).orElseThrow(() -> new NotFoundException("user"));
			requireChange(actor, person, group);
			List<String> before = groupsOf(person.getId());
			int removed = this.jdbc.sql("DELETE FROM sso_group_member WHERE group_id = :id AND user_id = :user")
				.param("id", id)
				.param("user", person.getId())
				.update();
			if (removed == 0) {
				return Membership.NOT_MEMBER;
			}
			changedGroupsOf(person.getId());
			changedMembersOf(id);
			recordMembership(AuditEventType.GROUP_MEMBER_REMOVED, actor, person, group, before);
			return Membership.DONE;
		});
	}

	/**
	 * Locks the rows of these people (by uuid, in uuid order) until the caller's transaction ends.
	 * A change of many people's memberships of one group (SCIM's replacement of its members) takes
	 * them before the group's row, as a change of one person's groups does ({@link #lockPerson}),
	 * so no two writers wait for each other in opposite order. Must run in a transaction.
	 */
	public void lockPeople(java.util.Collection<String> uuids) {
		List<String> sorted = uuids.stream().distinct().sorted().toList();
		for (int from = 0; from < sorted.size(); from += 500) {
			this.jdbc.sql("SELECT id FROM sso_user WHERE uuid IN (:uuids) ORDER BY uuid FOR UPDATE")
				.param("uuids", sorted.subList(from, Math.min(sorted.size(), from + 500)))
				.query(Long.class)
				.list();
		}
	}

	/**
	 * Locks the person's row until the transaction ends; false when they are gone. A change of a
	 * person's groups locks the person before the group (as the person's page does, which locks
	 * only the person), so two changes of one person's groups take turns and read each other's
	 * result, and no two writers wait for each other in opposite order.
	 */
	private boolean lockPerson(long userId) {
		return this.jdbc.sql("SELECT id FROM sso_user WHERE id = :id FOR UPDATE")
			.param("id", userId)
			.query(Long.class)
			.optional()
			.isPresent();
	}

	/**
	 * Moves the group's version (its row is locked by this transaction already): its members are
	 * part of what the admin API and SCIM answer for it, so a change based on an older read of them
	 * is refused (412) instead of undoing this one.
	 */
	private void changedMembersOf(long groupId) {
		this.jdbc.sql("UPDATE sso_group SET version = version + 1, updated_at = :now WHERE id = :id")
			.param("now", now())
			.param("id", groupId)
			.update();
	}

	/**
	 * Moves the person's version, as the person's page does when it changes their groups: a form
	 * of theirs read before this change is refused instead of putting their old groups back.
	 */
	private void changedGroupsOf(long userId) {
		this.jdbc.sql("UPDATE sso_user SET version = version + 1, updated_at = :now WHERE id = :id")
			.param("now", now())
			.param("id", userId)
			.update();
	}

	private void requireChange(Actor actor, SsoUser person, GroupDetails group) {
		TargetPerson target = TargetPeople.target(person);
		PersonChange change = new PersonChange(false, null, false, false, false, false, false, false, true,
				group.permissions());
		long otherSuperusers = this.jdbc
			.sql("SELECT COUNT(*) FROM sso_user WHERE is_superuser = TRUE AND status = 'ACTIVE' AND id <> :id")
			.param("id", person.getId())
			.query(Long.class)
			.single();
		Decision decision = this.policy.mayChange(actor, target, change, otherSuperusers);
		this.guard.require(actor, decision, "user:" + person.getUuid());
	}

	private void recordMembership(AuditEventType type, Actor actor, SsoUser person, GroupDetails group,
			List<String> before) {
		Long scopeId = (person.getScope() != null) ? person.getScope().getId() : null;
		this.events.publishEvent(new GroupEvent(type, AuditAction.UPDATE, actor, "user", person.getUuid(),
				person.getUsername(), scopeId, person.isSuperuser(),
				Changes.none().field("groups", String.join(", ", before), String.join(", ", groupsOf(person.getId()))),
				"group " + group.id() + " " + group.name()));
	}

	private List<String> groupsOf(long userId) {
		return this.jdbc
			.sql("SELECT g.name FROM sso_group_member m JOIN sso_group g ON g.id = m.group_id WHERE m.user_id = :user "
					+ "ORDER BY g.name_key")
			.param("user", userId)
			.query(String.class)
			.list();
	}

	/**
	 * Checks the version of a group whose row this transaction holds locked against the one the
	 * caller read (empty: any).
	 */
	private void checkVersion(long id, OptionalLong expected) {
		long version = this.jdbc.sql("SELECT version FROM sso_group WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(Long.class)
			.single();
		if (expected.isPresent() && expected.getAsLong() != version) {
			throw new GroupChangedMeanwhileException();
		}
	}

	/** The group and its permissions; {@code lock} holds its row until the transaction ends. */
	private Optional<GroupDetails> load(long id, boolean lock) {
		Optional<String[]> row = this.jdbc
			.sql("SELECT name, description FROM sso_group WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
			.param("id", id)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.optional();
		if (row.isEmpty()) {
			return Optional.empty();
		}
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		this.jdbc.sql("SELECT permission FROM sso_group_permission WHERE group_id = :id")
			.param("id", id)
			.query(String.class)
			.list()
			.forEach((code) -> Permission.ofCode(code).ifPresent(permissions::add));
		return Optional.of(new GroupDetails(id, row.get()[0], row.get()[1], permissions));
	}

	private boolean nameTaken(String name, Long except) {
		return this.jdbc.sql("SELECT id FROM sso_group WHERE name_key = :key")
			.param("key", key(name))
			.query(Long.class)
			.optional()
			.filter((found) -> !found.equals(except))
			.isPresent();
	}

	private void grant(long id, Set<Permission> permissions, Timestamp now) {
		for (Permission permission : permissions) {
			this.jdbc
				.sql("INSERT INTO sso_group_permission (group_id, permission, created_at) VALUES (:id, :permission, :now)")
				.param("id", id)
				.param("permission", permission.code())
				.param("now", now)
				.update();
		}
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	private static String key(String name) {
		return name.trim().toLowerCase(Locale.ROOT);
	}

	private static String codes(Set<Permission> permissions) {
		return permissions.stream().map(Permission::code).sorted().collect(Collectors.joining(", "));
	}

	private static String name(String first, String last) {
		String name = ((first != null) ? first : "") + " " + ((last != null) ? last : "");
		return name.isBlank() ? null : name.trim();
	}

	/** How adding or removing a member ended. */
	public enum Membership {

		/** Added or removed. */
		DONE,
		/** Nobody the actor may see has that username or email. */
		NO_PERSON,
		/** The person was already in the group. */
		ALREADY,
		/** The person was not in the group. */
		NOT_MEMBER

	}

}
