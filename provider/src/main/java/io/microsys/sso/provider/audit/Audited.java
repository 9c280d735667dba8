package io.microsys.sso.provider.audit;

/**
 * A domain event that leaves an entry in the audit trail. Features publish their events (records in
 * their own package) with {@code ApplicationEventPublisher}; {@link AuditTrail} records every one,
 * so an action that publishes its event cannot forget its entry, and {@code audit} needs to know
 * nothing about the features.
 * <p>
 * An event published inside a transaction is recorded once that transaction commits: a change that
 * rolls back left nothing to record. An event about a refused or failed attempt says
 * {@link #recordedEvenIfRolledBack()}: it is recorded either way, since the attempt happened even
 * if the work around it failed. Outside a transaction, every event is recorded at once.
 */
public interface Audited {

	/**
	 * The entry this event leaves, filled but not yet recorded, for example
	 * {@code audit.event(AuditEventType.PASSWORD_CHANGED).user(uuid, username).detail(...)}. Without
	 * {@link AuditService.Entry#from from}, the origin is the request the listener runs in (the
	 * publishing one: listeners run in its thread).
	 */
	AuditService.Entry auditEntry(AuditService audit);

	/** Whether the entry is kept when the publishing transaction rolls back: true for refused or failed attempts. */
	default boolean recordedEvenIfRolledBack() {
		return false;
	}

}
