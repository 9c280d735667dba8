package io.microsys.sso.provider.admin.scopes;

/** Another scope already has this name (in any case): shown beside the name field. */
public class ScopeNameTakenException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ScopeNameTakenException() {
		super("Scope name taken");
	}

}
