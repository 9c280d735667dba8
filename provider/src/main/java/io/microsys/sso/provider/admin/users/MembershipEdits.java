package io.microsys.sso.provider.admin.users;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.oidc.logout.AppAccessEnd;

/**
 * The one way the console changes a membership, from a person's page and from an app's members
 * page alike, after the caller's policy check: each change is one conditional statement
 * ({@link MembershipChanges}; a change made meanwhile is reported, not overwritten), is recorded
 * before → after with the actor ({@link PersonActedOn}), and when it takes access away (removed,
 * deactivated, role lowered) ends the person's access to the app at once ({@link AppAccessEnd}:
 * grants revoked, back-channel logout to their sessions there).
 */
@Service
public class MembershipEdits {

	/** How a change went. */
	public enum Result {

		/** Done. */
		DONE,
		/** Nothing to do: it was so already. */
		UNCHANGED,
		/** Adding: the person is a member already. */
		ALREADY_MEMBER,
		/** The person is not a member (any more). */
		NOT_MEMBER,
		/** Someone changed it meanwhile; nothing was done. */
		CHANGED_MEANWHILE

	}

	private final MembershipChanges memberships;

	private final AppAccessEnd access;

	private final ApplicationEventPublisher events;

	MembershipEdits(MembershipChanges memberships, AppAccessEnd access, ApplicationEventPublisher events) {
		this.memberships = memberships;
		this.access = access;
		this.events = events;
	}

	/** Adds the person to the app ({@code clientPk}, {@code clientId}) with {@code role}. */
	public Result add(Actor actor, SsoUser person, long clientPk, String clientId, MembershipRole role) {
		if (!this.memberships.add(person.getId(), clientPk, role)) {
			return Result.ALREADY_MEMBER;
		}
		publish(AuditEventType.MEMBERSHIP_ADDED, AuditAction.CREATE, actor, person, clientId, null,
				Changes.none().field("role", null, role.claimValue()).field("active", null, true));
		return Result.DONE;
	}

	/** Changes the role from what {@code row} says; a lower role ends the person's access to the app. */
	public Result changeRole(Actor actor, SsoUser person, MembershipChanges.Row row, MembershipRole after) {
		if (row.role() == after) {
			return Result.UNCHANGED;
		}
		if (!this.memberships.changeRole(person.getId(), row.clientPk(), row.role(), after)) {
			return Result.CHANGED_MEANWHILE;
		}
		// The enum lists roles highest first: a later one is lower.
		String detail = (after.ordinal() > row.role().ordinal())
				? this.access.end(person.getUuid(), row.clientPk()).detail() : null;
		publish(AuditEventType.MEMBERSHIP_CHANGED, AuditAction.UPDATE, actor, person, row.clientId(), detail,
				Changes.none().field("role", row.role().claimValue(), after.claimValue()));
		return Result.DONE;
	}

	/** Activates or deactivates the membership; deactivating ends the person's access to the app. */
	public Result setActive(Actor actor, SsoUser person, MembershipChanges.Row row, boolean active) {
		if (row.active() == active) {
			return Result.UNCHANGED;
		}
		if (!this.memberships.setActive(person.getId(), row.clientPk(), active)) {
			return Result.CHANGED_MEANWHILE;
		}
		String detail = active ? null : this.access.end(person.getUuid(), row.clientPk()).detail();
		publish(AuditEventType.MEMBERSHIP_CHANGED, AuditAction.UPDATE, actor, person, row.clientId(), detail,
				Changes.none().field("active", row.active(), active));
		return Result.DONE;
	}

	/** Removes the membership and ends the person's access to the app. */
	public Result remove(Actor actor, SsoUser person, MembershipChanges.Row row) {
		if (!this.memberships.remove(person.getId(), row.clientPk())) {
			return Result.NOT_MEMBER;
		}
		String detail = this.access.end(person.getUuid(), row.clientPk()).detail();
		publish(AuditEventType.MEMBERSHIP_REMOVED, AuditAction.DELETE, actor, person, row.clientId(), detail,
				Changes.none().field("role", row.role().claimValue(), null).field("active", row.active(), null));
		return Result.DONE;
	}

	private void publish(AuditEventType type, AuditAction action, Actor actor, SsoUser person, String clientId,
			String detail, Changes changes) {
		this.events.publishEvent(new PersonActedOn(type, actor, PersonActedOn.Person.of(person), action, clientId, null,
				detail, changes));
	}

}
