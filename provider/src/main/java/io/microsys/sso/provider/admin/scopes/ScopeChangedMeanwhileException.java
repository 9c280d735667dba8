package io.microsys.sso.provider.admin.scopes;

/** The scope is no longer at the version the caller read: nothing was changed. */
public class ScopeChangedMeanwhileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ScopeChangedMeanwhileException() {
		super("Scope changed meanwhile");
	}

}
