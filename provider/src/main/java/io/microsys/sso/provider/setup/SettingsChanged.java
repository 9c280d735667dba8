package io.microsys.sso.provider.setup;

import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;
import io.microsys.sso.provider.audit.Changes;

/**
 * Someone changed settings on {@code /sys/settings}. Published by {@link SettingsChanges};
 * recorded as {@code SETTINGS_CHANGED}, an UPDATE of the settings named by {@code area} with each
 * changed value before and after.
 *
 * @param userUuid the UUID of who changed them
 * @param username their username
 * @param area which settings: {@code registration}, {@code branding}, {@code security} or {@code network}
 * @param detail each value before and after, as text
 * @param changes each changed value before and after
 */
public record SettingsChanged(String userUuid, String username, String area, String detail, Changes changes)
		implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.SETTINGS_CHANGED)
			.user(this.userUuid, this.username)
			.actor(this.userUuid, this.username)
			.change(AuditAction.UPDATE, "settings", this.area, this.area)
			.changes(this.changes)
			.reason(this.area)
			.detail(this.detail)
			.actor(this.userUuid, this.username)
			.change(AuditAction.UPDATE, "settings", this.area, this.area)
			// Settings are changed on a superuser's page: their entries stay among superusers.
			.about(null, true);
	}

}
