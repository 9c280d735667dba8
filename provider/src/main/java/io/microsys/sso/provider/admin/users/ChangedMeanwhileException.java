package io.microsys.sso.provider.admin.users;

/** The person was changed by someone else since the form was read: answered 409, nothing saved. */
public class ChangedMeanwhileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ChangedMeanwhileException() {
		super("Changed meanwhile");
	}

}
