package io.microsys.sso.provider.setup;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * A superuser changed settings on {@code /sys/settings}. Published by {@link SettingsChanges};
 * recorded as {@code SETTINGS_CHANGED}.
 *
 * @param userUuid the superuser's UUID
 * @param username the superuser's username
 * @param area which settings: {@code registration}
 * @param detail each value before and after
 */
public record SettingsChanged(String userUuid, String username, String area, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.SETTINGS_CHANGED)
			.user(this.userUuid, this.username)
			.reason(this.area)
			.detail(this.detail)
			.actor(this.userUuid, this.username)
			.change(AuditAction.UPDATE, "settings", this.area, this.area)
			// Settings are changed on a superuser's page: their entries stay among superusers.
			.about(null, true);
	}

}
