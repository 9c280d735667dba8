package io.microsys.sso.provider.admin.transfer;

import java.util.List;

/**
 * An import document that cannot be applied: every problem found, each naming the JSON path
 * ({@code apps[2].redirect_uris[0]}) and what is wrong, never a secret. Nothing was changed.
 */
public class ImportProblems extends RuntimeException {

	private final List<String> problems;

	ImportProblems(List<String> problems) {
		super(String.join("\n", problems), null, false, false);
		this.problems = List.copyOf(problems);
	}

	/** The problems, in document order. */
	public List<String> problems() {
		return this.problems;
	}

}
