package io.microsys.sso.provider.setup;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * The first superuser was created, on the setup page or from the environment. Published by
 * {@link FirstSuperuser} in the transaction that creates it; recorded as {@code SETUP_COMPLETED} or
 * {@code ADMIN_ACCOUNT_CREATED} once that commits.
 *
 * @param userUuid the superuser's UUID
 * @param username the superuser's username
 * @param fromEnvironment whether {@code MICROSYS_SSO_ADMIN_USERNAME} / {@code _PASSWORD} created it
 */
public record FirstSuperuserCreated(String userUuid, String username, boolean fromEnvironment) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(this.fromEnvironment ? AuditEventType.ADMIN_ACCOUNT_CREATED : AuditEventType.SETUP_COMPLETED)
			.user(this.userUuid, this.username)
			.actor(this.fromEnvironment ? null : this.userUuid, this.fromEnvironment ? "environment" : this.username)
			.change(AuditAction.CREATE, "user", this.userUuid, this.username)
			.about(null, true);
	}

}
