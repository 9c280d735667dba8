package io.microsys.sso.provider.admin.apps;

/**
 * A service account change that can never be made as asked (a public app, a scope that does not
 * exist): shown beside its field on the app's page, a 400 in the API; nothing was stored.
 */
public final class ServiceAccountProblemException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	private final String messageKey;

	ServiceAccountProblemException(String field, String messageKey) {
		super("The service account change breaks a rule: " + messageKey);
		this.field = field;
		this.messageKey = messageKey;
	}

	/** The field at fault ({@code permissions}, {@code scopeId}). */
	public String field() {
		return this.field;
	}

	/** The message saying what is wrong. */
	public String messageKey() {
		return this.messageKey;
	}

}
