package io.microsys.sso.provider.audit;

/** The kind of change an activity-log entry records. */
public enum AuditAction {

	CREATE, UPDATE, DELETE, EXPORT

}
