package io.microsys.sso.provider.access;

/**
 * Who a person is in the console (CONTRACT §4). The tier follows from the account: its superuser
 * and staff flags, its scope, and whether it holds {@link Permission#MANAGE_SCOPES}.
 */
public enum Tier {

	/** Everything; seen only by superusers. */
	SUPERUSER,
	/** Unscoped staff holding {@code manage_scopes}: every person and every scope. */
	GLOBAL_STAFF,
	/** Unscoped staff without {@code manage_scopes}: only people without a scope. */
	CENTRAL_STAFF,
	/** Staff with a scope: only the people of that scope. */
	SCOPED_STAFF,
	/** Anyone else, and any account not active now: their own profile only, no console. */
	PERSON;

	/** The tier of an active account with these flags, scope and direct-or-group permissions. */
	public static Tier of(boolean active, boolean superuser, boolean staff, Long scopeId, boolean managesScopes) {
		if (!active) {
			return PERSON;
		}
		if (superuser) {
			return SUPERUSER;
		}
		if (!staff) {
			return PERSON;
		}
		if (scopeId != null) {
			return SCOPED_STAFF;
		}
		return managesScopes ? GLOBAL_STAFF : CENTRAL_STAFF;
	}

	/** Whether this tier may open the console at all. */
	public boolean isStaff() {
		return this != PERSON;
	}

	/** Superusers and global staff: every (non-superuser) person and every scope. */
	public boolean seesAllScopes() {
		return this == SUPERUSER || this == GLOBAL_STAFF;
	}

}
