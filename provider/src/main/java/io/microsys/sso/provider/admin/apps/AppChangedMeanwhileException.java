package io.microsys.sso.provider.admin.apps;

/** The app was changed by someone else since the page was built: nothing was overwritten. */
public final class AppChangedMeanwhileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public AppChangedMeanwhileException() {
		super("Changed meanwhile");
	}

}
