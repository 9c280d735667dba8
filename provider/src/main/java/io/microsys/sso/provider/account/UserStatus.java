package io.microsys.sso.provider.account;

/** Lifecycle state of an account. Only {@link #ACTIVE} accounts can sign in to connected apps. */
public enum UserStatus {

	/** Signed up publicly and has not confirmed the email address yet: cannot sign in. */
	UNVERIFIED,

	/** Can sign in. */
	ACTIVE,

	/** Signed up publicly and waits for an administrator's approval. */
	PENDING_APPROVAL,

	/** Soft-deleted: history and audit stay, sign-in is refused. */
	DEACTIVATED

}
