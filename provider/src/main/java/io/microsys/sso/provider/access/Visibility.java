package io.microsys.sso.provider.access;

import java.util.Map;

/**
 * Which rows about people an actor may see, as a condition for the query that lists them: lists
 * are filtered in the database, never after loading. Rows name a person's scope and whether they
 * are about a superuser; the caller says which columns hold those.
 *
 * @param kind which rows
 * @param scopeId the scope for {@link Kind#ONE_SCOPE}, else null
 */
public record Visibility(Kind kind, Long scopeId) {

	/** The named parameter {@link #sql} uses for the scope. */
	public static final String SCOPE_PARAMETER = "visibleScopeId";

	/** Which rows. */
	public enum Kind {

		/** Every row (superusers). */
		EVERYTHING,
		/** Every row not about a superuser (global staff). */
		ALL_BUT_SUPERUSERS,
		/** Rows about people without a scope, superusers excepted (central staff). */
		NO_SCOPE,
		/** Rows about people of one scope, superusers excepted (scoped staff). */
		ONE_SCOPE,
		/** No row (anyone without the console). */
		NOTHING

	}

	static final Visibility EVERYTHING = new Visibility(Kind.EVERYTHING, null);

	static final Visibility ALL_BUT_SUPERUSERS = new Visibility(Kind.ALL_BUT_SUPERUSERS, null);

	static final Visibility NO_SCOPE = new Visibility(Kind.NO_SCOPE, null);

	static final Visibility NOTHING = new Visibility(Kind.NOTHING, null);

	public Visibility {
		if ((kind == Kind.ONE_SCOPE) != (scopeId != null)) {
			throw new IllegalArgumentException("A scope goes with ONE_SCOPE, and only with it");
		}
	}

	/**
	 * The condition as SQL (plain SQL or JPQL alike), for rows whose scope is in
	 * {@code scopeColumn} and whose superuser flag is in {@code superuserColumn}; it uses the named
	 * parameter {@link #SCOPE_PARAMETER} when {@link #parameters()} has it.
	 */
	public String sql(String scopeColumn, String superuserColumn) {
		return switch (this.kind) {
			case EVERYTHING -> "1 = 1";
			case ALL_BUT_SUPERUSERS -> superuserColumn + " = FALSE";
			case NO_SCOPE -> "(" + superuserColumn + " = FALSE AND " + scopeColumn + " IS NULL)";
			case ONE_SCOPE -> "(" + superuserColumn + " = FALSE AND " + scopeColumn + " = :" + SCOPE_PARAMETER + ")";
			case NOTHING -> "1 = 0";
		};
	}

	/** The parameters {@link #sql} names. */
	public Map<String, Object> parameters() {
		return (this.kind == Kind.ONE_SCOPE) ? Map.of(SCOPE_PARAMETER, this.scopeId) : Map.of();
	}

	/** Whether a row about a person with this scope and superuser flag is visible. */
	public boolean includes(Long rowScopeId, boolean rowAboutSuperuser) {
		return switch (this.kind) {
			case EVERYTHING -> true;
			case ALL_BUT_SUPERUSERS -> !rowAboutSuperuser;
			case NO_SCOPE -> !rowAboutSuperuser && rowScopeId == null;
			case ONE_SCOPE -> !rowAboutSuperuser && this.scopeId.equals(rowScopeId);
			case NOTHING -> false;
		};
	}

}
