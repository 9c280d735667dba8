package io.microsys.sso.provider.admin.groups;

/** Another group already has this name (in any case): shown beside the name field. */
public class GroupNameTakenException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	GroupNameTakenException() {
		super("Group name taken");
	}

}
