package io.microsys.sso.provider.admin.users;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * A staff member acted on a person's sign-in, security or apps from the console (a reset link, a
 * temporary password, two-step reset, unblocking, ending sessions, a membership change). Published
 * by {@link PersonSecurity} and {@link PersonApps}; recorded under its {@code type} with the actor,
 * the person as target and the changed fields.
 *
 * @param type the kind of action
 * @param actor who acted
 * @param person the person acted on, as found
 * @param action the kind of change in the activity log
 * @param clientId the app, for a membership change, or null
 * @param reason a reason code, or null
 * @param detail a short detail, or null
 * @param changes the changed fields, before → after (secrets without values)
 */
public record PersonActedOn(AuditEventType type, Actor actor, Person person, AuditAction action, String clientId,
		String reason, String detail, Changes changes) implements Audited {

	/** What the entry needs to know of the person (not the entity, which may be detached by then). */
	public record Person(String uuid, String username, Long scopeId, boolean superuser) {

		static Person of(SsoUser user) {
			return new Person(user.getUuid(), user.getUsername(),
					(user.getScope() != null) ? user.getScope().getId() : null, user.isSuperuser());
		}

	}

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		AuditService.Entry entry = audit.event(this.type)
			.user(this.person.uuid(), this.person.username())
			.actor(this.actor.uuid(), this.actor.username())
			.change(this.action, "user", this.person.uuid(), this.person.username())
			.about(this.person.scopeId(), this.person.superuser())
			.changes(this.changes);
		if (this.clientId != null) {
			entry.client(this.clientId);
		}
		if (this.reason != null) {
			entry.reason(this.reason);
		}
		if (this.detail != null) {
			entry.detail(this.detail);
		}
		return entry;
	}

}
