package io.microsys.sso.provider.access;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.access.Decision.Reason;

/**
 * Who may do what in the console: the one place that decides. Every question is answered as a
 * {@link Decision} with a named reason, from plain values (the {@link Actor} as stored now, the
 * {@link TargetPerson}, the {@link PersonChange}): no database inside the rules, so they read as a
 * table and are tested as one. Lists ask for a {@link Visibility}, a query condition, so they are
 * filtered in the database, never after loading.
 * <p>
 * The rules (CONTRACT §4, {@code docs/administration.md}):
 * <ul>
 * <li>Only staff (and superusers) open the console; a permission is {@code area.action}, granted
 * directly or through a group, and counts only for staff.</li>
 * <li>A superuser is seen only by superusers. Global staff see every other person; central staff
 * only people without a scope; scoped staff only people of their scope. Anyone else is answered
 * 404, as if they did not exist.</li>
 * <li>Changing or deactivating a staff member (other than oneself) needs {@code manage_staff};
 * nobody changes their own scope, staff flag, groups, permissions or state; only superusers touch
 * the superuser flag, {@code manage_scopes} and {@code manage_staff}; only global staff and
 * superusers make unscoped (central) staff; nobody grants or takes away a permission they do not
 * hold; the last active superuser stays one.</li>
 * <li>Scopes are managed by global staff and superusers.</li>
 * <li>An app's members and invitations are also managed by the app's own admins (an active
 * {@code admin} membership), who open nothing else of the console, give {@code staff} and
 * {@code user} (and {@code admin} only when the app's policy allows), and never change their own
 * membership.</li>
 * <li>An app's service account (what it may do through the admin API with client credentials) is
 * granted like staff: by staff holding {@code clients.change} and {@code manage_staff}, only
 * permissions they hold themselves, only {@code area.action} ones (never {@code manage_scopes} or
 * {@code manage_staff}), and only an account they could make: one without a scope limit (acting
 * as global staff) by global staff and superusers, one limited to a scope by those who may put
 * people in that scope.</li>
 * </ul>
 */
@Component
public class AdminPolicy {

	/** May the actor open the console at all? */
	public Decision mayOpenConsole(Actor actor) {
		return actor.tier().isStaff() ? Decision.allowed() : Decision.denied(Reason.NOT_STAFF, null);
	}

	/** May the actor do {@code action} in {@code area} (list it, open its add page…)? */
	public Decision mayUse(Actor actor, Area area, Action action) {
		Permission permission = Permission.of(area, action);
		if (!actor.tier().isStaff()) {
			return Decision.denied(Reason.NOT_STAFF, permission);
		}
		if (area == Area.SCOPES && !actor.tier().seesAllScopes()) {
			return Decision.denied(Reason.GLOBAL_STAFF_ONLY, permission);
		}
		return actor.holds(permission) ? Decision.allowed() : Decision.denied(Reason.NO_PERMISSION, permission);
	}

	/**
	 * {@link #mayUse(Actor, Area, Action)}, and the actor is of the tiers {@code reach} names
	 * ({@link ConsoleAccess#reach()}).
	 */
	public Decision mayUse(Actor actor, Area area, Action action, ConsoleAccess.Reach reach) {
		Decision decision = mayUse(actor, area, action);
		if (!decision.isAllowed()) {
			return decision;
		}
		Permission permission = Permission.of(area, action);
		return switch (reach) {
			case ANY_STAFF -> decision;
			case GLOBAL_STAFF -> actor.tier().seesAllScopes() ? decision
					: Decision.denied(Reason.GLOBAL_STAFF_ONLY, permission);
			case SUPERUSERS -> (actor.tier() == Tier.SUPERUSER) ? decision
					: Decision.denied(Reason.SUPERUSERS_ONLY, permission);
		};
	}

	/**
	 * May the actor download the settings export? It lists every scope, group and app, so only
	 * superusers and global staff holding {@code settings.view}.
	 */
	public Decision mayExportSettings(Actor actor) {
		return mayUse(actor, Area.SETTINGS, Action.VIEW, ConsoleAccess.Reach.GLOBAL_STAFF);
	}

	/**
	 * May the actor import a settings document? It can change what groups grant and every app, so
	 * superusers only.
	 */
	public Decision mayImportSettings(Actor actor) {
		return mayUse(actor, Area.SETTINGS, Action.CHANGE, ConsoleAccess.Reach.SUPERUSERS);
	}

	/** The people the actor may see in lists, searches and exports, as a query condition. */
	public Visibility visiblePeople(Actor actor) {
		return switch (actor.tier()) {
			case SUPERUSER -> Visibility.EVERYTHING;
			case GLOBAL_STAFF -> Visibility.ALL_BUT_SUPERUSERS;
			case CENTRAL_STAFF -> Visibility.NO_SCOPE;
			case SCOPED_STAFF -> new Visibility(Visibility.Kind.ONE_SCOPE, actor.scopeId());
			case PERSON -> Visibility.NOTHING;
		};
	}

	/** The entries of the activity log the actor may see: those about people they may see. */
	public Visibility visibleLogs(Actor actor) {
		return visiblePeople(actor);
	}

	/** The scopes the actor may put people in. */
	public AssignableScopes assignableScopes(Actor actor) {
		return switch (actor.tier()) {
			case SUPERUSER, GLOBAL_STAFF -> AssignableScopes.ANY;
			case SCOPED_STAFF -> new AssignableScopes(false, actor.scopeId());
			case CENTRAL_STAFF, PERSON -> AssignableScopes.NONE;
		};
	}

	/**
	 * May the actor do {@code action} to this person? Visibility first (a hidden person is a 404),
	 * then the area's permission, then: changing or deactivating a staff member needs
	 * {@code manage_staff}, and nobody deactivates themselves.
	 */
	public Decision mayAct(Actor actor, Action action, TargetPerson target) {
		Permission permission = Permission.of(Area.USERS, action);
		if (!actor.tier().isStaff()) {
			return Decision.denied(Reason.NOT_STAFF, permission);
		}
		if (!visiblePeople(actor).includes(target.scopeId(), target.superuser())) {
			return Decision.denied(Reason.TARGET_HIDDEN, permission);
		}
		if (!actor.holds(permission)) {
			return Decision.denied(Reason.NO_PERMISSION, permission);
		}
		boolean self = actor.is(target.userId());
		if (self && action == Action.DELETE) {
			return Decision.denied(Reason.SELF_PROTECTED, permission);
		}
		if (!self && action != Action.VIEW && target.staff() && !actor.holds(Permission.MANAGE_STAFF)) {
			return Decision.denied(Reason.STAFF_MANAGERS_ONLY, permission);
		}
		return Decision.allowed();
	}

	/**
	 * May the actor make this change to this person? {@code otherActiveSuperusers} is how many
	 * active superusers there are besides the target (read under a lock by the caller, so two
	 * superusers demoting each other at once cannot leave none).
	 */
	public Decision mayChange(Actor actor, TargetPerson target, PersonChange change, long otherActiveSuperusers) {
		Action action = (change.deactivating() || change.reactivating()) ? Action.DELETE : Action.CHANGE;
		Decision decision = mayAct(actor, action, target);
		if (!decision.isAllowed()) {
			return decision;
		}
		if (actor.is(target.userId()) && change.touchesAuthority()) {
			return Decision.denied(Reason.SELF_PROTECTED, Permission.of(Area.USERS, action));
		}
		if (change.removesSuperuser(target) && otherActiveSuperusers < 1) {
			return Decision.denied(Reason.LAST_SUPERUSER, Permission.of(Area.USERS, action));
		}
		boolean staffAfter = change.staffChanged() ? change.newStaff() : target.staff();
		Long scopeAfter = change.scopeChanged() ? change.newScopeId() : target.scopeId();
		boolean becomesCentral = staffAfter && scopeAfter == null
				&& (change.staffChanged() || change.scopeChanged());
		return authority(actor, change, becomesCentral, Action.CHANGE).orElse(Decision.allowed());
	}

	/** May the actor create a person with these settings ({@link PersonChange#newPerson})? */
	public Decision mayCreate(Actor actor, PersonChange person) {
		Decision decision = mayUse(actor, Area.USERS, Action.ADD);
		if (!decision.isAllowed()) {
			return decision;
		}
		AssignableScopes scopes = assignableScopes(actor);
		if (!scopes.allows(person.newScopeId())) {
			return Decision.denied(Reason.SCOPE_OUTSIDE, Permission.USERS_ADD);
		}
		boolean central = person.newStaff() && person.newScopeId() == null;
		return authority(actor, person, central, Action.ADD).orElse(Decision.allowed());
	}

	/** The checks on authority shared by creating and changing a person. */
	private Optional<Decision> authority(Actor actor, PersonChange change, boolean makesCentralStaff, Action action) {
		Permission permission = Permission.of(Area.USERS, action);
		if (change.superuserChanged() && actor.tier() != Tier.SUPERUSER) {
			return Optional.of(Decision.denied(Reason.SUPERUSERS_ONLY, permission));
		}
		if ((change.staffChanged() || change.groupsChanged() || !change.permissionsTouched().isEmpty())
				&& !actor.holds(Permission.MANAGE_STAFF)) {
			return Optional.of(Decision.denied(Reason.STAFF_MANAGERS_ONLY, Permission.MANAGE_STAFF));
		}
		if (makesCentralStaff && !actor.tier().seesAllScopes()) {
			return Optional.of(Decision.denied(Reason.GLOBAL_STAFF_ONLY, permission));
		}
		if (change.scopeChanged() && !assignableScopes(actor).allows(change.newScopeId())) {
			return Optional.of(Decision.denied(Reason.SCOPE_OUTSIDE, permission));
		}
		return grants(actor, change.permissionsTouched());
	}

	/** May the actor grant (or take away) each of these permissions? */
	public Decision mayGrant(Actor actor, Set<Permission> permissions) {
		return grants(actor, permissions).orElse(Decision.allowed());
	}

	private Optional<Decision> grants(Actor actor, Set<Permission> permissions) {
		for (Permission permission : permissions) {
			if (permission.onlySuperusersGrant() && actor.tier() != Tier.SUPERUSER) {
				return Optional.of(Decision.denied(Reason.SUPERUSERS_ONLY, permission));
			}
			if (!actor.holds(permission)) {
				return Optional.of(Decision.denied(Reason.PERMISSION_NOT_HELD, permission));
			}
		}
		return Optional.empty();
	}

	/**
	 * May the actor do {@code action} to a group, touching these of its permissions (those added or
	 * removed; empty when only its name, description or members change)? Changing what a group
	 * grants needs {@code manage_staff} and holding each permission.
	 */
	public Decision mayChangeGroup(Actor actor, Action action, Set<Permission> permissionsTouched) {
		Decision decision = mayUse(actor, Area.GROUPS, action);
		if (!decision.isAllowed() || permissionsTouched.isEmpty()) {
			return decision;
		}
		if (!actor.holds(Permission.MANAGE_STAFF)) {
			return Decision.denied(Reason.STAFF_MANAGERS_ONLY, Permission.MANAGE_STAFF);
		}
		return mayGrant(actor, permissionsTouched);
	}

	/**
	 * May the actor change an app's service account: the permissions it holds through the admin API
	 * ({@code touched}: those added or removed) and the scope it is limited to? Granting an app
	 * console permissions is like granting them to staff, so it needs {@code clients.change} and
	 * {@code manage_staff}, and holding each permission touched; a service account holds
	 * {@code area.action} permissions only. The account before and after the change must be one
	 * the actor could make ({@link #assignableScopes}): without a scope limit (it acts as global
	 * staff) only for global staff and superusers, limited to a scope only for those who may put
	 * people in it (scoped staff: their own).
	 *
	 * @param touched the permissions added or removed
	 * @param scopeBefore the scope the account is limited to now, or null for none
	 * @param scopeAfter the scope it is limited to after the change, or null for none
	 */
	public Decision mayGrantServiceAccount(Actor actor, Set<Permission> touched, Long scopeBefore, Long scopeAfter) {
		Decision decision = mayUse(actor, Area.CLIENTS, Action.CHANGE);
		if (!decision.isAllowed()) {
			return decision;
		}
		if (!actor.holds(Permission.MANAGE_STAFF)) {
			return Decision.denied(Reason.STAFF_MANAGERS_ONLY, Permission.MANAGE_STAFF);
		}
		for (Permission permission : touched) {
			if (permission.onlySuperusersGrant()) {
				return Decision.denied(Reason.AREA_ACTIONS_ONLY, permission);
			}
		}
		for (Long scope : new Long[] { scopeBefore, scopeAfter }) {
			if (scope == null && !actor.tier().seesAllScopes()) {
				return Decision.denied(Reason.GLOBAL_STAFF_ONLY, Permission.CLIENTS_CHANGE);
			}
			if (!assignableScopes(actor).allows(scope)) {
				return Decision.denied(Reason.SCOPE_OUTSIDE, Permission.CLIENTS_CHANGE);
			}
		}
		return mayGrant(actor, touched);
	}

	/**
	 * May the actor give an app the scope {@code microsys.admin} (on creating it, or adding it)?
	 * Such an app obtains admin API tokens that act as whoever signs in to it, superusers
	 * included, or as itself with the grants of a service account: only superusers may. Taking
	 * the scope away is an ordinary change of the app.
	 */
	public Decision mayGiveAdminApiScope(Actor actor, Action action) {
		Decision decision = mayUse(actor, Area.CLIENTS, action);
		if (!decision.isAllowed()) {
			return decision;
		}
		return (actor.tier() == Tier.SUPERUSER) ? decision
				: Decision.denied(Reason.SUPERUSERS_ONLY, Permission.of(Area.CLIENTS, action));
	}

	/**
	 * May the actor open an app's members or invitations pages for {@code action} ({@code view}
	 * to list, {@code change} to add, change or remove)? Staff holding {@code clients.<action>}
	 * may; so may the app's own admins ({@code appAdmin}: an active account with an active
	 * {@code admin} membership in that app), whatever the action, and only for that app.
	 */
	public Decision mayManageMembers(Actor actor, boolean appAdmin, Action action) {
		Permission permission = Permission.of(Area.CLIENTS, action);
		if (actor.tier().isStaff() && actor.holds(permission)) {
			return Decision.allowed();
		}
		if (appAdmin) {
			return Decision.allowed();
		}
		return Decision.denied(actor.tier().isStaff() ? Reason.NO_PERMISSION : Reason.NOT_STAFF, permission);
	}

	/**
	 * The members of an app the actor may see: superusers every one; the app's admins every one
	 * but superusers; staff with {@code clients.view} those they see elsewhere in the console.
	 */
	public Visibility visibleMembers(Actor actor, boolean appAdmin) {
		if (actor.tier() == Tier.SUPERUSER) {
			return Visibility.EVERYTHING;
		}
		if (appAdmin) {
			return Visibility.ALL_BUT_SUPERUSERS;
		}
		return actor.holds(Permission.CLIENTS_VIEW) ? visiblePeople(actor) : Visibility.NOTHING;
	}

	/**
	 * May the actor add a person to an app, change a member's role or remove one ({@code add}:
	 * whether this is a new membership)? Staff holding {@code clients.change} may do anything to
	 * anyone they see. The app's admins may give {@code staff} and {@code user}, and give or take
	 * away {@code admin} only when the app's policy lets its admins appoint admins
	 * ({@code touchesAdmin}: the role before or after is {@code admin}); they never change or remove
	 * their own membership.
	 */
	public Decision mayChangeMember(Actor actor, boolean appAdmin, boolean appAdminsAppointAdmins, long targetUserId,
			boolean add, boolean touchesAdmin) {
		Permission permission = Permission.of(Area.CLIENTS, Action.CHANGE);
		if (actor.tier().isStaff() && actor.holds(permission)) {
			return Decision.allowed();
		}
		if (!appAdmin) {
			return Decision.denied(actor.tier().isStaff() ? Reason.NO_PERMISSION : Reason.NOT_STAFF, permission);
		}
		if (!add && actor.is(targetUserId)) {
			return Decision.denied(Reason.SELF_PROTECTED, permission);
		}
		if (touchesAdmin && !appAdminsAppointAdmins) {
			return Decision.denied(Reason.APP_ADMINS_APPOINT_NO_ADMINS, permission);
		}
		return Decision.allowed();
	}

	/**
	 * The scopes an actor may put people in: any (or none) for superusers and global staff, only
	 * their own for scoped staff, only none for central staff.
	 *
	 * @param any whether every scope, and no scope, are allowed
	 * @param only the one scope allowed when not {@code any}, or null when only "no scope" is
	 */
	public record AssignableScopes(boolean any, Long only) {

		static final AssignableScopes ANY = new AssignableScopes(true, null);

		static final AssignableScopes NONE = new AssignableScopes(false, null);

		/** Whether a person may be put in {@code scopeId} (null: no scope). */
		public boolean allows(Long scopeId) {
			return this.any || Objects.equals(this.only, scopeId);
		}

	}

}
