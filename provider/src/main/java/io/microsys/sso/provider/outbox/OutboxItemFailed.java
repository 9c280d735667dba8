package io.microsys.sso.provider.outbox;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.audit.Audited;

/**
 * An outbox item failed every try and was marked failed. Published by {@link Outbox}; recorded as
 * {@code OUTBOX_FAILED}.
 *
 * @param kind the item's kind
 * @param detail the item, its tries and the last problem
 */
public record OutboxItemFailed(String kind, String detail) implements Audited {

	@Override
	public AuditService.Entry auditEntry(AuditService audit) {
		return audit.event(AuditEventType.OUTBOX_FAILED).reason(this.kind).detail(this.detail);
	}

}
