package io.microsys.sso.provider.admin.scopes;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.settings.ScopeSystem;

/**
 * What {@code /sys/scopes} does: list scopes with how many people each holds, create, rename and
 * describe, delete (only an empty one, or moving its people to another scope in the same
 * transaction), turn the scope system on or off. Every method asks the {@link AdminPolicy} first
 * (scopes are for global staff and superusers) and every change is recorded ({@link ScopeEvent}).
 * <p>
 * Two administrators at once: a name is unique in the database (the second creation or rename is
 * told the name is taken); deleting locks the scope and its target in id order, so the second
 * delete or move of the same scope finds it gone, and no move is ever half done. Every change moves
 * the scope's version; a caller that read a version (the admin API's {@code If-Match}) has it
 * compared under the row's lock, so of two changes made from the same version one is refused.
 * A scope a service account is limited to is never deleted (that would fail on the account's
 * reference, or widen it to every scope if the reference were dropped).
 */
@Service
public class ScopeAdministration {

	/** Scopes a page of the list shows. */
	public static final int PAGE_SIZE = 50;

	/** The longest name a scope has (its column's size), wherever a name is taken. */
	public static final int NAME_MAX = 150;

	/** Scopes offered as targets of a move, at most. */
	static final int TARGETS = 1000;

	private final ScopeRepository scopes;

	private final JdbcClient jdbc;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final ScopeSystem system;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	ScopeAdministration(ScopeRepository scopes, JdbcClient jdbc, AdminPolicy policy, AccessGuard guard,
			ApplicationEventPublisher events, ScopeSystem system, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.scopes = scopes;
		this.jdbc = jdbc;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.system = system;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** Whether the scope system is on. */
	public boolean isOn(Actor actor) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.VIEW), null);
		return this.system.isOn();
	}

	/** One page of scopes, each with its number of people: one grouped query for the page. */
	public Page<ScopeRow> list(Actor actor, ScopeQuery query) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.VIEW), null);
		String pattern = "%" + query.search().toLowerCase(java.util.Locale.ROOT)
			.replace("!", "!!")
			.replace("%", "!%")
			.replace("_", "!_") + "%";
		String direction = query.descending() ? " DESC" : " ASC";
		return this.readOnly.execute((status) -> {
			long total = this.jdbc.sql("SELECT COUNT(*) FROM sso_scope s WHERE s.name_key LIKE :pattern ESCAPE '!'")
				.param("pattern", pattern)
				.query(Long.class)
				.single();
			List<ScopeRow> rows = this.jdbc
				.sql("SELECT s.id, s.name, s.description, s.created_at, COUNT(u.id) AS people FROM sso_scope s "
						+ "LEFT JOIN sso_user u ON u.scope_id = s.id WHERE s.name_key LIKE :pattern ESCAPE '!' "
						+ "GROUP BY s.id, s.name, s.description, s.created_at, s.name_key ORDER BY "
						+ query.sort().column() + direction + ", s.id" + direction + " LIMIT :limit OFFSET :offset")
				.param("pattern", pattern)
				.param("limit", PAGE_SIZE)
				.param("offset", (long) query.page() * PAGE_SIZE)
				.query((rs, n) -> new ScopeRow(rs.getLong(1), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toInstant(), rs.getLong(5)))
				.list();
			return new PageImpl<>(rows, PageRequest.of(query.page(), PAGE_SIZE), total);
		});
	}

	/** The scope to edit, with its number of people. */
	public ScopeRow find(Actor actor, long id) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.VIEW), "scope:" + id);
		return this.readOnly.execute((status) -> this.jdbc
			.sql("SELECT s.id, s.name, s.description, s.created_at, "
					+ "(SELECT COUNT(*) FROM sso_user u WHERE u.scope_id = s.id) FROM sso_scope s WHERE s.id = :id")
			.param("id", id)
			.query((rs, n) -> new ScopeRow(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getLong(5)))
			.optional()
			.orElseThrow(() -> new NotFoundException("scope")));
	}

	/**
	 * Up to {@code count} scopes with an id above {@code afterId}, by id: one indexed range read
	 * however far the caller has paged (the admin API's keyset pages). People are not counted here.
	 */
	public List<ScopeState> after(Actor actor, long afterId, int count) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.VIEW), null);
		return this.readOnly.execute((status) -> this.jdbc
			.sql("SELECT id, name, description, created_at, updated_at, version FROM sso_scope WHERE id > :after "
					+ "ORDER BY id LIMIT :count")
			.param("after", afterId)
			.param("count", count)
			.query((rs, n) -> new ScopeState(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getLong(6), null))
			.list());
	}

	/** The scope as stored now, with its version and number of people. */
	public ScopeState state(Actor actor, long id) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.VIEW), "scope:" + id);
		return this.readOnly.execute((status) -> read(id)).orElseThrow(() -> new NotFoundException("scope"));
	}

	private Optional<ScopeState> read(long id) {
		return this.jdbc
			.sql("SELECT s.id, s.name, s.description, s.created_at, s.updated_at, s.version, "
					+ "(SELECT COUNT(*) FROM sso_user u WHERE u.scope_id = s.id) FROM sso_scope s WHERE s.id = :id")
			.param("id", id)
			.query((rs, n) -> new ScopeState(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getLong(6), rs.getLong(7)))
			.optional();
	}

	/** The scopes people of scope {@code id} may be moved to (by name, at most {@value #TARGETS}). */
	public Map<Long, String> targets(Actor actor, long id) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.VIEW), "scope:" + id);
		Map<Long, String> targets = new java.util.LinkedHashMap<>();
		this.readOnly.executeWithoutResult((status) -> this.jdbc
			.sql("SELECT id, name FROM sso_scope WHERE id <> :id ORDER BY name_key LIMIT " + TARGETS)
			.param("id", id)
			.query((rs, n) -> targets.put(rs.getLong(1), rs.getString(2)))
			.list());
		return targets;
	}

	/**
	 * Creates a scope.
	 * @throws ScopeNameTakenException when a scope has that name in any case (also when created at
	 * the same moment by someone else)
	 */
	public long create(Actor actor, String name, String description) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.ADD), null);
		if (this.scopes.findByName(name).isPresent()) {
			throw new ScopeNameTakenException();
		}
		try {
			return this.transaction.execute((status) -> {
				Scope scope = new Scope(name);
				scope.setDescription(description);
				scope = this.scopes.saveAndFlush(scope);
				this.events.publishEvent(new ScopeEvent(AuditEventType.SCOPE_CREATED, AuditAction.CREATE, actor,
						"scope", String.valueOf(scope.getId()), scope.getName(), scope.getId(),
						Changes.none().field("name", null, scope.getName()).field("description", null, description),
						null));
				return scope.getId();
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new ScopeNameTakenException();
		}
	}

	/**
	 * Creates a scope and answers it as stored (to a caller who may add scopes without seeing them).
	 * @throws ScopeNameTakenException when a scope has that name in any case
	 */
	public ScopeState add(Actor actor, String name, String description) {
		long id = create(actor, name, description);
		return this.readOnly.execute((status) -> read(id)).orElseThrow(() -> new NotFoundException("scope"));
	}

	/**
	 * Renames and describes a scope.
	 * @throws NotFoundException when there is no such scope (any more)
	 * @throws ScopeNameTakenException when another scope has that name in any case
	 */
	public void change(Actor actor, long id, String name, String description) {
		change(actor, id, name, description, OptionalLong.empty());
	}

	/**
	 * Renames and describes a scope that is still at the {@code expected} version (empty: any).
	 * @return the scope as changed (to a caller who may change scopes without seeing them)
	 * @throws NotFoundException when there is no such scope (any more)
	 * @throws ScopeNameTakenException when another scope has that name in any case
	 * @throws ScopeChangedMeanwhileException when the scope is at another version
	 */
	public ScopeState change(Actor actor, long id, String name, String description, OptionalLong expected) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.CHANGE), "scope:" + id);
		Optional<Scope> same = this.scopes.findByName(name);
		if (same.isPresent() && same.get().getId() != id) {
			throw new ScopeNameTakenException();
		}
		try {
			return this.transaction.execute((status) -> {
				Locked scope = lock(id).orElseThrow(() -> new NotFoundException("scope"));
				if (expected.isPresent() && expected.getAsLong() != scope.version()) {
					throw new ScopeChangedMeanwhileException();
				}
				this.jdbc
					.sql("UPDATE sso_scope SET name = :name, name_key = :key, description = :description, "
							+ "updated_at = :now, version = version + 1 WHERE id = :id")
					.param("name", name.trim())
					.param("key", Scope.key(name))
					.param("description", description)
					.param("now", Timestamp.from(this.clock.instant()))
					.param("id", id)
					.update();
				Changes changes = Changes.none()
					.field("name", scope.name(), name.trim())
					.field("description", scope.description(), description);
				if (!changes.isEmpty()) {
					this.events.publishEvent(new ScopeEvent(AuditEventType.SCOPE_CHANGED, AuditAction.UPDATE, actor,
							"scope", String.valueOf(id), name.trim(), id, changes, null));
				}
				return read(id).orElseThrow();
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new ScopeNameTakenException();
		}
	}

	/**
	 * Deletes a scope: an empty one, or one whose people all move to {@code moveTo} in the same
	 * transaction (one bulk update, recorded as one entry with the count).
	 * @param moveTo the scope its people go to, or null when it must be empty
	 */
	public Deletion delete(Actor actor, long id, Long moveTo) {
		return delete(actor, id, moveTo, OptionalLong.empty());
	}

	/**
	 * {@link #delete(Actor, long, Long)} of a scope that is still at the {@code expected} version
	 * (empty: any).
	 * @throws ScopeChangedMeanwhileException when the scope is at another version
	 */
	public Deletion delete(Actor actor, long id, Long moveTo, OptionalLong expected) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.DELETE), "scope:" + id);
		if (moveTo != null && moveTo == id) {
			return Deletion.SAME_TARGET;
		}
		try {
			return this.transaction.execute((status) -> deleteLocked(actor, id, moveTo, expected));
		}
		catch (PessimisticLockingFailureException ex) {
			// The other administrator's delete held the rows too long (or MariaDB chose this one as a
			// deadlock victim): nothing was done here.
			return Deletion.BUSY;
		}
	}

	private Deletion deleteLocked(Actor actor, long id, Long moveTo, OptionalLong expected) {
		Map<Long, Locked> locked = new HashMap<>();
		long first = (moveTo != null) ? Math.min(id, moveTo) : id;
		lock(first).ifPresent((row) -> locked.put(first, row));
		if (moveTo != null) {
			long second = Math.max(id, moveTo);
			lock(second).ifPresent((row) -> locked.put(second, row));
		}
		Locked scope = locked.get(id);
		if (scope == null) {
			return Deletion.GONE;
		}
		if (expected.isPresent() && expected.getAsLong() != scope.version()) {
			throw new ScopeChangedMeanwhileException();
		}
		Locked target = (moveTo != null) ? locked.get(moveTo) : null;
		if (moveTo != null && target == null) {
			return Deletion.TARGET_GONE;
		}
		long serviceAccounts = this.jdbc.sql("SELECT COUNT(*) FROM sso_client WHERE api_scope_id = :id")
			.param("id", id)
			.query(Long.class)
			.single();
		if (serviceAccounts > 0) {
			return Deletion.LIMITS_SERVICE_ACCOUNTS;
		}
		if (moveTo == null) {
			long people = this.jdbc.sql("SELECT COUNT(*) FROM sso_user WHERE scope_id = :id")
				.param("id", id)
				.query(Long.class)
				.single();
			if (people > 0) {
				return Deletion.NOT_EMPTY;
			}
		}
		else {
			int moved = this.jdbc
				.sql("UPDATE sso_user SET scope_id = :to, version = version + 1, updated_at = :now "
						+ "WHERE scope_id = :from")
				.param("to", moveTo)
				.param("from", id)
				.param("now", Timestamp.from(this.clock.instant()))
				.update();
			if (moved > 0) {
				this.events.publishEvent(new ScopeEvent(AuditEventType.SCOPE_PEOPLE_MOVED, AuditAction.UPDATE, actor,
						"scope", String.valueOf(moveTo), target.name(), moveTo,
						Changes.none().field("scope", scope.name(), target.name()),
						moved + " people moved from scope " + id));
			}
		}
		this.jdbc.sql("DELETE FROM sso_scope WHERE id = :id").param("id", id).update();
		this.events.publishEvent(new ScopeEvent(AuditEventType.SCOPE_DELETED, AuditAction.DELETE, actor, "scope",
				String.valueOf(id), scope.name(), id,
				Changes.none().field("name", scope.name(), null).field("description", scope.description(), null),
				null));
		return Deletion.DELETED;
	}

	/** Locks the scope's row until the transaction ends; empty when it is gone. */
	private Optional<Locked> lock(long id) {
		return this.jdbc.sql("SELECT name, description, version FROM sso_scope WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query((rs, n) -> new Locked(rs.getString(1), rs.getString(2), rs.getLong(3)))
			.optional();
	}

	/** Turns the scope system on or off; recorded when it changes. */
	public void turn(Actor actor, boolean on) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SCOPES, Action.CHANGE), "setting:scopes.enabled");
		this.transaction.executeWithoutResult((status) -> {
			boolean before = this.system.isOn();
			if (before == on) {
				return;
			}
			this.system.turn(on, actor.username());
			this.events.publishEvent(new ScopeEvent(AuditEventType.SCOPE_SYSTEM_CHANGED, AuditAction.UPDATE, actor,
					"setting", "scopes.enabled", null, null, Changes.none().field("scopes.enabled", before, on), null));
		});
	}

	/** How a delete ended. */
	public enum Deletion {

		/** Deleted (its people moved first, if any). */
		DELETED,
		/** The scope does not exist any more (deleted by someone else meanwhile). */
		GONE,
		/** The scope still holds people and no scope was named to move them to. */
		NOT_EMPTY,
		/** The scope to move the people to does not exist any more. */
		TARGET_GONE,
		/** The scope to move the people to is the one being deleted. */
		SAME_TARGET,
		/** Another administrator was changing the same scopes; nothing was done. */
		BUSY,
		/**
		 * A service account is limited to the scope: its app's service account must be changed
		 * first; nothing was done.
		 */
		LIMITS_SERVICE_ACCOUNTS

	}

	/** A scope's row as read under its lock. */
	private record Locked(String name, String description, long version) {
	}

}
