package io.microsys.sso.provider.access;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.access.Decision.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's rules, one by one, on plain values (no database, no Spring). */
class AdminPolicyTests {

	private static final long FINANCE = 10;

	private static final long HR = 20;

	private final AdminPolicy policy = new AdminPolicy();

	private static Actor actor(long id, Tier tier, Long scope, Permission... permissions) {
		Set<Permission> held = EnumSet.noneOf(Permission.class);
		held.addAll(Set.of(permissions));
		return new Actor(id, "uuid-" + id, "user" + id, tier, scope, held);
	}

	private static TargetPerson person(long id, Long scope) {
		return new TargetPerson(id, false, false, scope, true);
	}

	private static final Actor SUPERUSER = actor(1, Tier.SUPERUSER, null);

	private static final Actor GLOBAL = actor(2, Tier.GLOBAL_STAFF, null, Permission.MANAGE_SCOPES,
			Permission.USERS_VIEW, Permission.USERS_CHANGE, Permission.USERS_ADD, Permission.USERS_DELETE,
			Permission.SCOPES_VIEW, Permission.SCOPES_ADD, Permission.MANAGE_STAFF);

	private static final Actor CENTRAL = actor(3, Tier.CENTRAL_STAFF, null, Permission.USERS_VIEW,
			Permission.USERS_CHANGE, Permission.USERS_ADD);

	private static final Actor SCOPED = actor(4, Tier.SCOPED_STAFF, FINANCE, Permission.USERS_VIEW,
			Permission.USERS_CHANGE, Permission.USERS_ADD, Permission.USERS_DELETE);

	private static final Actor PLAIN = actor(5, Tier.PERSON, null, Permission.USERS_VIEW);

	@Test
	void mayOpenConsoleWhenStaffThenAllowedAndPlainPeopleNot() {
		assertThat(this.policy.mayOpenConsole(SCOPED).isAllowed()).isTrue();
		assertThat(this.policy.mayOpenConsole(PLAIN).reason()).isEqualTo(Reason.NOT_STAFF);
	}

	@Test
	void mayUseWhenPermissionMissingThenNoPermissionNotAnEmptyList() {
		assertThat(this.policy.mayUse(CENTRAL, Area.LOGS, Action.VIEW).reason()).isEqualTo(Reason.NO_PERMISSION);
		assertThat(this.policy.mayUse(CENTRAL, Area.USERS, Action.VIEW).isAllowed()).isTrue();
		assertThat(this.policy.mayUse(SUPERUSER, Area.SETTINGS, Action.CHANGE).isAllowed()).isTrue();
	}

	@Test
	void mayUseWhenPlainPersonHoldsGrantsThenTheyCountForNothing() {
		assertThat(this.policy.mayUse(PLAIN, Area.USERS, Action.VIEW).reason()).isEqualTo(Reason.NOT_STAFF);
	}

	@Test
	void mayUseScopesWhenNotGlobalThenGlobalStaffOnly() {
		Actor scopedWithScopes = actor(6, Tier.SCOPED_STAFF, FINANCE, Permission.SCOPES_VIEW);
		assertThat(this.policy.mayUse(scopedWithScopes, Area.SCOPES, Action.VIEW).reason())
			.isEqualTo(Reason.GLOBAL_STAFF_ONLY);
		assertThat(this.policy.mayUse(GLOBAL, Area.SCOPES, Action.VIEW).isAllowed()).isTrue();
	}

	@Test
	void mayExportAndImportSettingsFollowTheTable() {
		Actor globalWithView = actor(7, Tier.GLOBAL_STAFF, null, Permission.MANAGE_SCOPES, Permission.SETTINGS_VIEW,
				Permission.SETTINGS_CHANGE);
		Actor centralWithAll = actor(8, Tier.CENTRAL_STAFF, null, Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE);
		Actor scopedWithAll = actor(9, Tier.SCOPED_STAFF, FINANCE, Permission.SETTINGS_VIEW,
				Permission.SETTINGS_CHANGE);
		Actor globalWithout = actor(10, Tier.GLOBAL_STAFF, null, Permission.MANAGE_SCOPES);
		Actor plainWithAll = actor(11, Tier.PERSON, null, Permission.SETTINGS_VIEW, Permission.SETTINGS_CHANGE);
		Object[][] table = {
				// actor, export, import
				{ SUPERUSER, null, null },
				{ globalWithView, null, Reason.SUPERUSERS_ONLY },
				{ globalWithout, Reason.NO_PERMISSION, Reason.NO_PERMISSION },
				{ centralWithAll, Reason.GLOBAL_STAFF_ONLY, Reason.SUPERUSERS_ONLY },
				{ scopedWithAll, Reason.GLOBAL_STAFF_ONLY, Reason.SUPERUSERS_ONLY },
				{ plainWithAll, Reason.NOT_STAFF, Reason.NOT_STAFF } };
		for (Object[] row : table) {
			Actor actor = (Actor) row[0];
			assertThat(this.policy.mayExportSettings(actor).reason()).as("export by %s", actor.tier()).isEqualTo(row[1]);
			assertThat(this.policy.mayImportSettings(actor).reason()).as("import by %s", actor.tier()).isEqualTo(row[2]);
		}
	}

	@Test
	void visiblePeopleFollowsTheTier() {
		assertThat(this.policy.visiblePeople(SUPERUSER).includes(FINANCE, true)).isTrue();
		assertThat(this.policy.visiblePeople(GLOBAL).includes(FINANCE, false)).isTrue();
		assertThat(this.policy.visiblePeople(GLOBAL).includes(null, true)).isFalse();
		assertThat(this.policy.visiblePeople(CENTRAL).includes(null, false)).isTrue();
		assertThat(this.policy.visiblePeople(CENTRAL).includes(FINANCE, false)).isFalse();
		assertThat(this.policy.visiblePeople(SCOPED).includes(FINANCE, false)).isTrue();
		assertThat(this.policy.visiblePeople(SCOPED).includes(HR, false)).isFalse();
		assertThat(this.policy.visiblePeople(SCOPED).includes(null, false)).isFalse();
		assertThat(this.policy.visiblePeople(PLAIN).includes(null, false)).isFalse();
	}

	@Test
	void visiblePeopleAsSqlNamesTheScopeParameterOnlyForScopedStaff() {
		Visibility scoped = this.policy.visiblePeople(SCOPED);
		assertThat(scoped.sql("u.scope_id", "u.is_superuser"))
			.isEqualTo("(u.is_superuser = FALSE AND u.scope_id = :visibleScopeId)");
		assertThat(scoped.parameters()).containsEntry(Visibility.SCOPE_PARAMETER, FINANCE);
		assertThat(this.policy.visiblePeople(CENTRAL).sql("s", "su")).isEqualTo("(su = FALSE AND s IS NULL)");
		assertThat(this.policy.visiblePeople(CENTRAL).parameters()).isEmpty();
		assertThat(this.policy.visiblePeople(PLAIN).sql("s", "su")).isEqualTo("1 = 0");
	}

	@Test
	void mayActWhenTargetOutsideVisibilityThenHidden() {
		Decision decision = this.policy.mayAct(SCOPED, Action.VIEW, person(9, HR));
		assertThat(decision.reason()).isEqualTo(Reason.TARGET_HIDDEN);
		assertThat(decision.hidden()).isTrue();
		assertThat(this.policy.mayAct(CENTRAL, Action.VIEW, person(9, FINANCE)).hidden()).isTrue();
		TargetPerson superuser = new TargetPerson(9, true, true, null, true);
		assertThat(this.policy.mayAct(GLOBAL, Action.VIEW, superuser).hidden()).isTrue();
		assertThat(this.policy.mayAct(SUPERUSER, Action.VIEW, superuser).isAllowed()).isTrue();
	}

	@Test
	void mayActWhenStaffTargetWithoutManageStaffThenRefused() {
		TargetPerson colleague = new TargetPerson(9, false, true, FINANCE, true);
		assertThat(this.policy.mayAct(SCOPED, Action.VIEW, colleague).isAllowed()).isTrue();
		assertThat(this.policy.mayAct(SCOPED, Action.CHANGE, colleague).reason()).isEqualTo(Reason.STAFF_MANAGERS_ONLY);
	}

	@Test
	void mayChangeWhenSelfAuthorityThenSelfProtected() {
		TargetPerson self = new TargetPerson(4, false, true, FINANCE, true);
		PersonChange unStaff = new PersonChange(false, null, true, false, false, false, false, false, false, Set.of());
		assertThat(this.policy.mayChange(SCOPED, self, unStaff, 1).reason()).isEqualTo(Reason.SELF_PROTECTED);
		assertThat(this.policy.mayChange(SCOPED, self, PersonChange.DEACTIVATE, 1).reason())
			.isEqualTo(Reason.SELF_PROTECTED);
		assertThat(this.policy.mayChange(SCOPED, self, PersonChange.PLAIN, 1).isAllowed()).isTrue();
		TargetPerson superSelf = new TargetPerson(1, true, true, null, true);
		PersonChange demote = new PersonChange(false, null, false, false, true, false, false, false, false, Set.of());
		assertThat(this.policy.mayChange(SUPERUSER, superSelf, demote, 3).reason()).isEqualTo(Reason.SELF_PROTECTED);
	}

	@Test
	void mayChangeWhenLastActiveSuperuserThenRefused() {
		TargetPerson other = new TargetPerson(9, true, true, null, true);
		assertThat(this.policy.mayChange(SUPERUSER, other, PersonChange.DEACTIVATE, 0).reason())
			.isEqualTo(Reason.LAST_SUPERUSER);
		assertThat(this.policy.mayChange(SUPERUSER, other, PersonChange.DEACTIVATE, 1).isAllowed()).isTrue();
	}

	@Test
	void mayChangeWhenGrantingUnheldOrSuperuserOnlyPermissionThenRefused() {
		PersonChange grantLogs = new PersonChange(false, null, false, false, false, false, false, false, false,
				Set.of(Permission.LOGS_VIEW));
		assertThat(this.policy.mayChange(GLOBAL, person(9, FINANCE), grantLogs, 1).reason())
			.isEqualTo(Reason.PERMISSION_NOT_HELD);
		PersonChange grantManageStaff = new PersonChange(false, null, false, false, false, false, false, false, false,
				Set.of(Permission.MANAGE_STAFF));
		assertThat(this.policy.mayChange(GLOBAL, person(9, FINANCE), grantManageStaff, 1).reason())
			.isEqualTo(Reason.SUPERUSERS_ONLY);
		PersonChange grantView = new PersonChange(false, null, false, false, false, false, false, false, false,
				Set.of(Permission.USERS_VIEW));
		assertThat(this.policy.mayChange(GLOBAL, person(9, FINANCE), grantView, 1).isAllowed()).isTrue();
		assertThat(this.policy.mayChange(SCOPED, person(9, FINANCE), grantView, 1).reason())
			.isEqualTo(Reason.STAFF_MANAGERS_ONLY);
	}

	@Test
	void mayCreateWhenCentralStaffThenOnlyGlobalStaffAndSuperusers() {
		PersonChange centralStaff = PersonChange.newPerson(null, true, false, false, Set.of());
		assertThat(this.policy.mayCreate(GLOBAL, centralStaff).isAllowed()).isTrue();
		assertThat(this.policy.mayCreate(SUPERUSER, centralStaff).isAllowed()).isTrue();
		Actor centralManager = actor(7, Tier.CENTRAL_STAFF, null, Permission.USERS_ADD, Permission.MANAGE_STAFF);
		assertThat(this.policy.mayCreate(centralManager, centralStaff).reason()).isEqualTo(Reason.GLOBAL_STAFF_ONLY);
	}

	@Test
	void mayCreateWhenScopeOutsideTheActorsThenRefused() {
		assertThat(this.policy.mayCreate(SCOPED, PersonChange.newPerson(HR, false, false, false, Set.of())).reason())
			.isEqualTo(Reason.SCOPE_OUTSIDE);
		assertThat(this.policy.mayCreate(SCOPED, PersonChange.newPerson(null, false, false, false, Set.of())).reason())
			.isEqualTo(Reason.SCOPE_OUTSIDE);
		assertThat(this.policy.mayCreate(SCOPED, PersonChange.newPerson(FINANCE, false, false, false, Set.of()))
			.isAllowed()).isTrue();
		assertThat(this.policy.mayCreate(CENTRAL, PersonChange.newPerson(FINANCE, false, false, false, Set.of()))
			.reason()).isEqualTo(Reason.SCOPE_OUTSIDE);
		assertThat(this.policy.mayCreate(GLOBAL, PersonChange.newPerson(null, false, true, false, Set.of())).reason())
			.isEqualTo(Reason.SUPERUSERS_ONLY);
	}

	@Test
	void mayChangeWhenCentralStaffMovesSomeoneIntoAScopeThenScopeOutside() {
		PersonChange toFinance = new PersonChange(true, FINANCE, false, false, false, false, false, false, false,
				Set.of());
		assertThat(this.policy.mayChange(CENTRAL, person(9, null), toFinance, 1).reason())
			.isEqualTo(Reason.SCOPE_OUTSIDE);
		assertThat(this.policy.mayChange(GLOBAL, person(9, null), toFinance, 1).isAllowed()).isTrue();
	}

	@Test
	void mayChangeGroupWhenTouchingPermissionsThenManageStaffAndHeld() {
		Actor groups = actor(8, Tier.GLOBAL_STAFF, null, Permission.MANAGE_SCOPES, Permission.GROUPS_CHANGE,
				Permission.USERS_VIEW);
		assertThat(this.policy.mayChangeGroup(groups, Action.CHANGE, Set.of()).isAllowed()).isTrue();
		assertThat(this.policy.mayChangeGroup(groups, Action.CHANGE, Set.of(Permission.USERS_VIEW)).reason())
			.isEqualTo(Reason.STAFF_MANAGERS_ONLY);
		assertThat(this.policy.mayChangeGroup(SUPERUSER, Action.CHANGE, Set.of(Permission.MANAGE_STAFF)).isAllowed())
			.isTrue();
	}

	@Test
	void tierFollowsTheAccount() {
		assertThat(Tier.of(false, true, true, null, false)).isEqualTo(Tier.PERSON);
		assertThat(Tier.of(true, true, false, null, false)).isEqualTo(Tier.SUPERUSER);
		assertThat(Tier.of(true, false, true, null, true)).isEqualTo(Tier.GLOBAL_STAFF);
		assertThat(Tier.of(true, false, true, null, false)).isEqualTo(Tier.CENTRAL_STAFF);
		assertThat(Tier.of(true, false, true, 5L, true)).isEqualTo(Tier.SCOPED_STAFF);
		assertThat(Tier.of(true, false, false, null, true)).isEqualTo(Tier.PERSON);
	}

	@Test
	void permissionCodesRoundTrip() {
		for (Permission permission : Permission.values()) {
			assertThat(Permission.ofCode(permission.code())).contains(permission);
		}
		assertThat(Permission.USERS_VIEW.code()).isEqualTo("users.view");
		assertThat(Permission.MANAGE_SCOPES.code()).isEqualTo("manage_scopes");
		assertThat(Permission.ofCode("users.fly")).isEmpty();
	}

}
