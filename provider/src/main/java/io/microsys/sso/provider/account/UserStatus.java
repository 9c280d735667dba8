package io.microsys.sso.provider.account;

/** Lifecycle state of an account. Only {@link #ACTIVE} accounts can sign in to connected apps. */
public enum UserStatus {

	/** Can sign in. */
	ACTIVE,

	/** Signed up publicly and waits for an administrator's approval. */
	PENDING_APPROVAL,

	/** Soft-deleted: history and audit stay, sign-in is refused. */
	DEACTIVATED

}
