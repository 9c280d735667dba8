package io.microsys.sso.provider.profile;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * A person changed their own name on the profile. Published by {@link Names}; recorded as
 * {@code PROFILE_NAME_CHANGED}, an UPDATE of the person with the names before and after.
 *
 * @param uuid the person's UUID
 * @param username their username
 * @param scopeId their scope, or null
 * @param superuser whether they are a superuser (who may see the entry)
 * @param changes the names before and after
 */
public record NameChanged(String uuid, String username, Long scopeId, boolean superuser, Changes changes)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.PROFILE_NAME_CHANGED)
			.user(this.uuid, this.username)
			.actor(this.uuid, this.username)
			.change(AuditAction.UPDATE, "user", this.uuid, this.username)
			.about(this.scopeId, this.superuser)
			.changes(this.changes);
	}

}
