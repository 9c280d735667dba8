package io.microsys.sso.provider.admin.users;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;

/**
 * A person's memberships in connected apps as staff see and change them: add to an app with a
 * role, change the role, (de)activate, remove. Each change finds the person through the policy
 * ({@code users.change}) and is made by {@link MembershipEdits}, as on an app's members page: one
 * conditional statement, recorded before → after, and when it takes access away (removed,
 * deactivated, role lowered) the person's grants at that app are revoked at once and their
 * sessions there told through back-channel logout.
 */
@Service
public class PersonApps {

	/** At most this many apps are offered to add the person to. */
	static final int MAX_APPS = 500;

	private final TargetPeople people;

	private final AdminPolicy policy;

	private final MembershipChanges memberships;

	private final ConnectedApps apps;

	private final MembershipEdits edits;

	PersonApps(TargetPeople people, AdminPolicy policy, MembershipChanges memberships, ConnectedApps apps,
			MembershipEdits edits) {
		this.people = people;
		this.policy = policy;
		this.memberships = memberships;
		this.apps = apps;
		this.edits = edits;
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

	/** The person's memberships by app name, when the actor may view the person; a hidden person is a 404. */
	public List<MembershipChanges.Row> memberships(Actor actor, String uuid) {
		SsoUser person = this.people.require(actor, Action.VIEW, uuid);
		return this.memberships.of(person.getId());
	}

	/** Whether an app with this client id exists. */
	public boolean exists(String clientId) {
		return this.apps.byClientId(clientId).isPresent();
	}

	/** Adds the person to the app with this client id, with {@code role} ({@code ADMIN}, {@code STAFF}, {@code USER}). */
	public Outcome add(Actor actor, String uuid, String clientId, String role) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<SsoClient> app = this.apps.byClientId(clientId);
		if (app.isEmpty()) {
			return Outcome.fieldProblem("app", "person.apps.error.app");
		}
		MembershipEdits.Result result = this.edits.add(actor, person, app.get().getId(), clientId,
				MembershipRole.valueOf(role));
		return (result == MembershipEdits.Result.DONE) ? Outcome.done("person.apps.added")
				: Outcome.problem("person.apps.already");
	}

	/** Changes the person's role in the app; a lower role ends their access there (grants, sessions). */
	public Outcome changeRole(Actor actor, String uuid, String clientId, String role) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<MembershipChanges.Row> found = this.memberships.find(person.getId(), clientId);
		if (found.isEmpty()) {
			return Outcome.problem("person.apps.notMember");
		}
		return outcome(this.edits.changeRole(actor, person, found.get(), MembershipRole.valueOf(role)),
				"person.apps.roleChanged");
	}

	/** Activates or deactivates the membership; deactivating ends their access to the app. */
	public Outcome setActive(Actor actor, String uuid, String clientId, boolean active) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<MembershipChanges.Row> found = this.memberships.find(person.getId(), clientId);
		if (found.isEmpty()) {
			return Outcome.problem("person.apps.notMember");
		}
		return outcome(this.edits.setActive(actor, person, found.get(), active),
				active ? "person.apps.activated" : "person.apps.deactivated");
	}

	/** Removes the person from the app and ends their access there. */
	public Outcome remove(Actor actor, String uuid, String clientId) {
		SsoUser person = this.people.require(actor, Action.CHANGE, uuid);
		Optional<MembershipChanges.Row> found = this.memberships.find(person.getId(), clientId);
		if (found.isEmpty()) {
			return Outcome.problem("person.apps.notMember");
		}
		return outcome(this.edits.remove(actor, person, found.get()), "person.apps.removed");
	}

	private static Outcome outcome(MembershipEdits.Result result, String done) {
		return switch (result) {
			case DONE -> Outcome.done(done);
			case UNCHANGED -> Outcome.done("person.apps.unchanged");
			case CHANGED_MEANWHILE -> Outcome.problem("person.apps.changedMeanwhile");
			case NOT_MEMBER, ALREADY_MEMBER -> Outcome.problem("person.apps.notMember");
		};
	}

}
