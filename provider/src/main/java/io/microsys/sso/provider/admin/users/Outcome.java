package io.microsys.sso.provider.admin.users;

/**
 * How a staff action on a person went: done (with the message to show), or refused because of one
 * field (a wrong current password, a password the policy refuses) with nothing changed, or refused
 * as a whole (it changed meanwhile).
 *
 * @param flash the message key after it was done, or null
 * @param field the form field the problem belongs to, or null for the whole action
 * @param error the message key of the problem, or null when done
 */
public record Outcome(String flash, String field, String error) {

	static Outcome done(String flash) {
		return new Outcome(flash, null, null);
	}

	static Outcome fieldProblem(String field, String error) {
		return new Outcome(null, field, error);
	}

	static Outcome problem(String error) {
		return new Outcome(null, null, error);
	}

	/** Whether the action was done. */
	public boolean isDone() {
		return this.error == null;
	}

}
