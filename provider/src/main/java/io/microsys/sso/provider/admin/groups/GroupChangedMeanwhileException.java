package io.microsys.sso.provider.admin.groups;

/** The group is no longer at the version the caller read: nothing was changed. */
public class GroupChangedMeanwhileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	GroupChangedMeanwhileException() {
		super("Group changed meanwhile");
	}

}
