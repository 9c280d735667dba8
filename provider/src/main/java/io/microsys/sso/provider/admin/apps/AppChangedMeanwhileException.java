package io.microsys.sso.provider.admin.apps;

/** The app was changed by someone else since the page was built: nothing was overwritten. */
final class AppChangedMeanwhileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	AppChangedMeanwhileException() {
		super("Changed meanwhile");
	}

}
