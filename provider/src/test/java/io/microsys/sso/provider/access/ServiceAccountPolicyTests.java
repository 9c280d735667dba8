package io.microsys.sso.provider.access;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.access.Decision.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may change an app's service account ({@link AdminPolicy#mayGrantServiceAccount}), on plain
 * values: like granting staff permissions, and only an account the actor could make.
 */
class ServiceAccountPolicyTests {

	private static final Long FINANCE = 10L;

	private static final Long HR = 20L;

	private final AdminPolicy policy = new AdminPolicy();

	private static Actor actor(long id, Tier tier, Long scope, Permission... permissions) {
		Set<Permission> held = EnumSet.noneOf(Permission.class);
		held.addAll(Set.of(permissions));
		return new Actor(id, "uuid-" + id, "user" + id, tier, scope, held);
	}

	private static final Actor SUPERUSER = actor(1, Tier.SUPERUSER, null);

	private static final Actor GLOBAL = actor(2, Tier.GLOBAL_STAFF, null, Permission.MANAGE_SCOPES,
			Permission.MANAGE_STAFF, Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE, Permission.USERS_VIEW,
			Permission.LOGS_VIEW);

	private static final Actor GLOBAL_WITHOUT_MANAGE_STAFF = actor(3, Tier.GLOBAL_STAFF, null,
			Permission.MANAGE_SCOPES, Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE, Permission.USERS_VIEW);

	private static final Actor GLOBAL_WITHOUT_CLIENTS_CHANGE = actor(4, Tier.GLOBAL_STAFF, null,
			Permission.MANAGE_SCOPES, Permission.MANAGE_STAFF, Permission.CLIENTS_VIEW, Permission.USERS_VIEW);

	private static final Actor CENTRAL = actor(5, Tier.CENTRAL_STAFF, null, Permission.MANAGE_STAFF,
			Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE, Permission.USERS_VIEW);

	private static final Actor SCOPED = actor(6, Tier.SCOPED_STAFF, FINANCE, Permission.MANAGE_STAFF,
			Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE, Permission.USERS_VIEW);

	private static final Actor PLAIN = actor(7, Tier.PERSON, null, Permission.MANAGE_STAFF, Permission.CLIENTS_CHANGE,
			Permission.USERS_VIEW);

	/** An app acting through the admin API with every permission it can hold. */
	private static final Actor SERVICE_ACCOUNT = Actor.serviceAccount("robot", null,
			EnumSet.allOf(Permission.class));

	@Test
	void mayGrantServiceAccountFollowsTheTable() {
		Set<Permission> usersView = Set.of(Permission.USERS_VIEW);
		Set<Permission> logsView = Set.of(Permission.LOGS_VIEW);
		Set<Permission> none = Set.of();
		Object[][] table = {
				// actor, touched, scope before, scope after, reason (null: allowed)
				{ SUPERUSER, usersView, null, null, null },
				{ SUPERUSER, Set.of(Permission.SETTINGS_CHANGE), null, HR, null },
				{ GLOBAL, usersView, null, null, null },
				{ GLOBAL, logsView, FINANCE, HR, null },
				{ GLOBAL, none, FINANCE, null, null },
				{ GLOBAL, Set.of(Permission.SETTINGS_VIEW), null, null, Reason.PERMISSION_NOT_HELD },
				{ GLOBAL, Set.of(Permission.MANAGE_STAFF), null, null, Reason.AREA_ACTIONS_ONLY },
				{ GLOBAL, Set.of(Permission.MANAGE_SCOPES), null, null, Reason.AREA_ACTIONS_ONLY },
				{ SUPERUSER, Set.of(Permission.MANAGE_STAFF), null, null, Reason.AREA_ACTIONS_ONLY },
				{ GLOBAL_WITHOUT_MANAGE_STAFF, usersView, null, null, Reason.STAFF_MANAGERS_ONLY },
				{ GLOBAL_WITHOUT_MANAGE_STAFF, none, null, FINANCE, Reason.STAFF_MANAGERS_ONLY },
				{ GLOBAL_WITHOUT_CLIENTS_CHANGE, usersView, null, null, Reason.NO_PERMISSION },
				{ CENTRAL, usersView, null, null, Reason.GLOBAL_STAFF_ONLY },
				{ CENTRAL, usersView, FINANCE, FINANCE, Reason.SCOPE_OUTSIDE },
				{ SCOPED, usersView, FINANCE, FINANCE, null },
				{ SCOPED, none, HR, FINANCE, Reason.SCOPE_OUTSIDE },
				{ SCOPED, none, FINANCE, HR, Reason.SCOPE_OUTSIDE },
				{ SCOPED, none, FINANCE, null, Reason.GLOBAL_STAFF_ONLY },
				{ SCOPED, usersView, null, FINANCE, Reason.GLOBAL_STAFF_ONLY },
				{ SCOPED, logsView, FINANCE, FINANCE, Reason.PERMISSION_NOT_HELD },
				{ PLAIN, usersView, null, null, Reason.NOT_STAFF },
				{ SERVICE_ACCOUNT, usersView, null, null, Reason.STAFF_MANAGERS_ONLY },
				{ SERVICE_ACCOUNT, none, null, null, Reason.STAFF_MANAGERS_ONLY } };
		for (Object[] row : table) {
			Actor actor = (Actor) row[0];
			@SuppressWarnings("unchecked")
			Set<Permission> touched = (Set<Permission>) row[1];
			Decision decision = this.policy.mayGrantServiceAccount(actor, touched, (Long) row[2], (Long) row[3]);
			assertThat(decision.reason()).as("%s touching %s, scope %s -> %s", actor.username(), touched, row[2], row[3])
				.isEqualTo(row[4]);
		}
	}

	@Test
	void mayGrantServiceAccountWhenRefusedForManageStaffThenNamesIt() {
		Decision decision = this.policy.mayGrantServiceAccount(GLOBAL_WITHOUT_MANAGE_STAFF, Set.of(), null, null);
		assertThat(decision.permission()).isEqualTo(Permission.MANAGE_STAFF);
		assertThat(decision.hidden()).isFalse();
	}

}
