package io.microsys.sso.provider.admin.scopes;

/**
 * Which scopes to list: names containing {@code search} (any case), sorted, one page.
 *
 * @param search the text names contain, or empty for all
 * @param sort the column
 * @param descending whether largest first
 * @param page the page, from 0
 */
public record ScopeQuery(String search, Sort sort, boolean descending, int page) {

	/** Columns the list sorts by. */
	public enum Sort {

		NAME("s.name_key"), PEOPLE("people"), CREATED("s.created_at");

		private final String column;

		Sort(String column) {
			this.column = column;
		}

		String column() {
			return this.column;
		}

		/** The value in links ({@code name}). */
		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
