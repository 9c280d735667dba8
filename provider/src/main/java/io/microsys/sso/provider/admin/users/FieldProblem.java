package io.microsys.sso.provider.admin.users;

/**
 * A value on a person's form that the data refuses (a username taken, an unknown group…): the
 * page is shown again with {@code messageKey} beside {@code field}, nothing saved.
 */
public class FieldProblem extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	private final String messageKey;

	FieldProblem(String field, String messageKey) {
		super(field + ": " + messageKey);
		this.field = field;
		this.messageKey = messageKey;
	}

	public String field() {
		return this.field;
	}

	public String messageKey() {
		return this.messageKey;
	}

}
