package io.microsys.sso.provider.access;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.microsys.sso.provider.access.Decision.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of an app's members pages as tables: who opens them ({@link AdminPolicy#mayManageMembers}),
 * who sees which members ({@link AdminPolicy#visibleMembers}), and who may give, change or take
 * away which role ({@link AdminPolicy#mayChangeMember}), for staff and for the app's own admins.
 */
class AppAdminPolicyTests {

	private static final long FINANCE = 10;

	private static final long OTHER = 99;

	private final AdminPolicy policy = new AdminPolicy();

	private static Actor actor(long id, Tier tier, Long scope, Permission... permissions) {
		Set<Permission> held = EnumSet.noneOf(Permission.class);
		held.addAll(Set.of(permissions));
		return new Actor(id, "uuid-" + id, "user" + id, tier, scope, held);
	}

	private static final Actor SUPERUSER = actor(1, Tier.SUPERUSER, null);

	private static final Actor CLIENTS_STAFF = actor(2, Tier.CENTRAL_STAFF, null, Permission.CLIENTS_VIEW,
			Permission.CLIENTS_CHANGE);

	private static final Actor CLIENTS_VIEWER = actor(3, Tier.SCOPED_STAFF, FINANCE, Permission.CLIENTS_VIEW);

	private static final Actor STAFF_WITHOUT = actor(4, Tier.CENTRAL_STAFF, null, Permission.USERS_VIEW);

	/** A plain person; whether they administer the app is the {@code appAdmin} argument. */
	private static final Actor PERSON = actor(5, Tier.PERSON, null, Permission.CLIENTS_CHANGE);

	static Stream<Arguments> opening() {
		return Stream.of(
				// actor, app admin?, action, allowed, reason when refused
				Arguments.of("superuser", SUPERUSER, false, Action.CHANGE, null),
				Arguments.of("clients staff", CLIENTS_STAFF, false, Action.CHANGE, null),
				Arguments.of("clients viewer lists", CLIENTS_VIEWER, false, Action.VIEW, null),
				Arguments.of("clients viewer changes", CLIENTS_VIEWER, false, Action.CHANGE, Reason.NO_PERMISSION),
				Arguments.of("staff without clients", STAFF_WITHOUT, false, Action.VIEW, Reason.NO_PERMISSION),
				Arguments.of("staff without clients, app admin", STAFF_WITHOUT, true, Action.CHANGE, null),
				Arguments.of("person, app admin, lists", PERSON, true, Action.VIEW, null),
				Arguments.of("person, app admin, changes", PERSON, true, Action.CHANGE, null),
				Arguments.of("person with grants, not app admin", PERSON, false, Action.VIEW, Reason.NOT_STAFF));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("opening")
	void mayManageMembersFollowsTheTable(String name, Actor actor, boolean appAdmin, Action action, Reason refused) {
		Decision decision = this.policy.mayManageMembers(actor, appAdmin, action);
		assertThat(decision.reason()).as(name).isEqualTo(refused);
	}

	static Stream<Arguments> changing() {
		long self = PERSON.userId();
		long other = 42;
		return Stream.of(
				// actor, app admin?, appoint flag, target, add?, touches admin?, reason when refused
				Arguments.of("app admin adds a user", PERSON, true, false, other, true, false, null),
				Arguments.of("app admin adds an admin, flag off", PERSON, true, false, other, true, true,
						Reason.APP_ADMINS_APPOINT_NO_ADMINS),
				Arguments.of("app admin adds an admin, flag on", PERSON, true, true, other, true, true, null),
				Arguments.of("app admin lowers an admin, flag off", PERSON, true, false, other, false, true,
						Reason.APP_ADMINS_APPOINT_NO_ADMINS),
				Arguments.of("app admin changes a user to staff", PERSON, true, false, other, false, false, null),
				Arguments.of("app admin changes own role", PERSON, true, true, self, false, true, Reason.SELF_PROTECTED),
				Arguments.of("app admin removes self", PERSON, true, true, self, false, false, Reason.SELF_PROTECTED),
				Arguments.of("not an app admin", PERSON, false, true, other, true, false, Reason.NOT_STAFF),
				Arguments.of("clients viewer", CLIENTS_VIEWER, false, false, other, true, false, Reason.NO_PERMISSION),
				Arguments.of("clients staff, admin, flag off", CLIENTS_STAFF, false, false, other, true, true, null),
				Arguments.of("clients staff changes own", CLIENTS_STAFF, false, false, CLIENTS_STAFF.userId(), false,
						true, null),
				Arguments.of("superuser", SUPERUSER, false, false, other, false, true, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("changing")
	void mayChangeMemberFollowsTheTable(String name, Actor actor, boolean appAdmin, boolean appoint, long target,
			boolean add, boolean touchesAdmin, Reason refused) {
		Decision decision = this.policy.mayChangeMember(actor, appAdmin, appoint, target, add, touchesAdmin);
		assertThat(decision.reason()).as(name).isEqualTo(refused);
	}

	@Test
	void visibleMembersWhenAppAdminThenEveryoneButSuperusers() {
		Visibility visibility = this.policy.visibleMembers(PERSON, true);
		assertThat(visibility.includes(OTHER, false)).isTrue();
		assertThat(visibility.includes(null, false)).isTrue();
		assertThat(visibility.includes(null, true)).isFalse();
	}

	@Test
	void visibleMembersWhenStaffThenAsElsewhereInTheConsole() {
		assertThat(this.policy.visibleMembers(CLIENTS_VIEWER, false).includes(FINANCE, false)).isTrue();
		assertThat(this.policy.visibleMembers(CLIENTS_VIEWER, false).includes(OTHER, false)).isFalse();
		assertThat(this.policy.visibleMembers(SUPERUSER, false).includes(null, true)).isTrue();
		assertThat(this.policy.visibleMembers(STAFF_WITHOUT, false).includes(null, false)).isFalse();
		assertThat(this.policy.visibleMembers(PERSON, false).includes(null, false)).isFalse();
	}

}
