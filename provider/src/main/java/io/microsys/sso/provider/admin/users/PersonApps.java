package io.microsys.sso.provider.admin.users;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.authorization.DatabaseAuthorizationService;

/**
 * A person's memberships in connected apps as staff see and change them: add to an app with a
 * role, change the role, (de)activate, remove. Each change finds the person through the policy
 * ({@code users.change}), is one conditional statement (a change made meanwhile by someone else is
 * reported, not overwritten), is recorded before → after ({@link PersonActedOn}), and when it takes
 * access away (removed, deactivated, role lowered) revokes the person's grants at that app at once,
 * so their refresh and access tokens stop working.
 */
@Service
public class PersonApps {

	/** At most this many apps are offered to add the person to. */
	static final int MAX_APPS = 500;

	private final TargetPeople people;

	private final AdminPolicy policy;

	private final MembershipChanges memberships;

	private final ConnectedApps apps;

	private final DatabaseAuthorizationService grants;

	private final ApplicationEventPublisher events;

	PersonApps(TargetPeople people, AdminPolicy policy, MembershipChanges memberships, ConnectedApps apps,
			DatabaseAuthorizationService grants, ApplicationEventPublisher events) {
		this.people = people;
		this.policy = policy;
		this.memberships = memberships;
		this.apps = apps;
		this.grants = grants;
		this.events = events;
	}

	/** The tab's content, when the actor may do {@code action} to the person; a hidden person is a 404. */
	public AppsView view(Actor actor, String uuid, Action action) {
		SsoUser person = this.people.require(actor, action, uuid);
		List<MembershipChanges.Row> rows = this.memberships.of(person.getId());
		Set<Long> member = rows.stream().map(MembershipChanges.Row::clientPk).collect(Collectors.toSet());
		List<AppsView.App> addable = this.apps.byName(MAX_APPS)
			.stream()
			.filter((app) -> !member.contains(app.getId()))
			.map((app) -> new AppsView.App(app.getClientId(), app.getName()))
			.toList();
		return new AppsView(person, rows, addable,
				this.policy.mayAct(actor, Action.CHANGE, TargetPeople.target(person)).isAllowed());
	}

	/** Adds the person to the app with this client id, with {@code role} ({@code ADMIN}, {@code STAFF}, {@code USER}). */
	public Outcome add(Actor actor, String uuid, String clientId, String role) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<SsoClient> app = this.apps.byClientId(clientId);
		if (app.isEmpty()) {
			return Outcome.fieldProblem("app", "person.apps.error.app");
		}
		MembershipRole chosen = MembershipRole.valueOf(role);
		if (!this.memberships.add(person.getId(), app.get().getId(), chosen)) {
			return Outcome.problem("person.apps.already");
		}
		publish(AuditEventType.MEMBERSHIP_ADDED, AuditAction.CREATE, actor, person, clientId, null,
				Changes.none().field("role", null, code(chosen)).field("active", null, true));
		return Outcome.done("person.apps.added");
	}

	/** Changes the person's role in the app; a lower role revokes their grants there. */
	public Outcome changeRole(Actor actor, String uuid, String clientId, String role) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<MembershipChanges.Row> found = this.memberships.find(person.getId(), clientId);
		if (found.isEmpty()) {
			return Outcome.problem("person.apps.notMember");
		}
		MembershipChanges.Row row = found.get();
		MembershipRole after = MembershipRole.valueOf(role);
		if (row.role() == after) {
			return Outcome.done("person.apps.unchanged");
		}
		if (!this.memberships.changeRole(person.getId(), row.clientPk(), row.role(), after)) {
			return Outcome.problem("person.apps.changedMeanwhile");
		}
		// The enum lists roles highest first: a later one is lower.
		int revoked = (after.ordinal() > row.role().ordinal()) ? revoke(person, row) : 0;
		publish(AuditEventType.MEMBERSHIP_CHANGED, AuditAction.UPDATE, actor, person, clientId,
				revoked + " grant(s) revoked", Changes.none().field("role", code(row.role()), code(after)));
		return Outcome.done("person.apps.roleChanged");
	}

	/** Activates or deactivates the membership; deactivating revokes their grants at the app. */
	public Outcome setActive(Actor actor, String uuid, String clientId, boolean active) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<MembershipChanges.Row> found = this.memberships.find(person.getId(), clientId);
		if (found.isEmpty()) {
			return Outcome.problem("person.apps.notMember");
		}
		MembershipChanges.Row row = found.get();
		if (row.active() == active) {
			return Outcome.done("person.apps.unchanged");
		}
		if (!this.memberships.setActive(person.getId(), row.clientPk(), active)) {
			return Outcome.problem("person.apps.changedMeanwhile");
		}
		int revoked = active ? 0 : revoke(person, row);
		publish(AuditEventType.MEMBERSHIP_CHANGED, AuditAction.UPDATE, actor, person, clientId,
				revoked + " grant(s) revoked", Changes.none().field("active", row.active(), active));
		return Outcome.done(active ? "person.apps.activated" : "person.apps.deactivated");
	}

	/** Removes the person from the app and revokes their grants there. */
	public Outcome remove(Actor actor, String uuid, String clientId) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<MembershipChanges.Row> found = this.memberships.find(person.getId(), clientId);
		if (found.isEmpty()) {
			return Outcome.problem("person.apps.notMember");
		}
		MembershipChanges.Row row = found.get();
		if (!this.memberships.remove(person.getId(), row.clientPk())) {
			return Outcome.problem("person.apps.notMember");
		}
		int revoked = revoke(person, row);
		publish(AuditEventType.MEMBERSHIP_REMOVED, AuditAction.DELETE, actor, person, clientId,
				revoked + " grant(s) revoked",
				Changes.none().field("role", code(row.role()), null).field("active", row.active(), null));
		return Outcome.done("person.apps.removed");
	}

	private int revoke(SsoUser person, MembershipChanges.Row row) {
		return this.grants.revokeFor(person.getUuid(), String.valueOf(row.clientPk()));
	}

	private static String code(MembershipRole role) {
		return role.name().toLowerCase(Locale.ROOT);
	}

	private void publish(AuditEventType type, AuditAction action, Actor actor, SsoUser person, String clientId,
			String detail, Changes changes) {
		this.events.publishEvent(new PersonActedOn(type, actor, PersonActedOn.Person.of(person), action, clientId, null,
				detail, changes));
	}

}
