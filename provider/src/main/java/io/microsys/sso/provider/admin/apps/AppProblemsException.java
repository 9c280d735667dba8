package io.microsys.sso.provider.admin.apps;

import java.util.List;

/** The typed app breaks rules: each problem is shown beside its field; nothing was stored. */
public final class AppProblemsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<Problem> problems;

	AppProblemsException(List<Problem> problems) {
		super("The app breaks " + problems.size() + " rule(s)");
		this.problems = List.copyOf(problems);
	}

	public List<Problem> problems() {
		return this.problems;
	}

	/**
	 * One problem.
	 * @param field the form field
	 * @param messageKey the message
	 * @param argument argument {0} of the message, or null
	 */
	public record Problem(String field, String messageKey, String argument) {
	}

}
