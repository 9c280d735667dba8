package io.microsys.sso.provider.audit;

/** The catalogue of audit events; {@code docs/audit-events.md} describes each. */
public enum AuditEventType {

	LOGIN_SUCCESS,
	LOGIN_FAILURE,
	LOGOUT,
	AUTHORIZATION_DENIED,
	REFRESH_TOKEN_REUSE,
	SETUP_COMPLETED,
	ADMIN_ACCOUNT_CREATED,
	BOOTSTRAP_APPLIED,
	SIGNING_KEY_CREATED,
	SIGNING_KEY_ROTATED,
	BACKCHANNEL_LOGOUT_DELIVERED,
	BACKCHANNEL_LOGOUT_FAILED

}
