package io.microsys.sso.provider.admin.users;

import java.util.List;

/**
 * A page of the people list and what its filter row offers.
 *
 * @param rows the people on this page (none when the query was refused)
 * @param page the page number, from 0
 * @param size rows a page
 * @param hasNext whether another page follows
 * @param lastPage whether a next page would be beyond the deepest one the list pages to (the
 * filters must narrow it instead)
 * @param scopes the scopes the actor may filter by
 * @param noScopeOffered whether "no scope" may be chosen
 * @param superuserTierOffered whether the superuser tier may be chosen (superusers only)
 * @param mayAdd whether the actor may add people
 * @param narrowed whether a search or filter narrowed the list
 * @param refused whether the query had problems (shown beside their fields; no rows)
 * @param bestMatch whether so many people match the search that the page is in best match order
 * (by the username, email or name that matched) rather than by the chosen column
 */
public record PeopleListing(List<PersonRow> rows, int page, int size, boolean hasNext, boolean lastPage,
		List<ScopeOption> scopes, boolean noScopeOffered, boolean superuserTierOffered, boolean mayAdd,
		boolean narrowed, boolean refused, boolean bestMatch) {

	/** Whether a previous page exists. */
	public boolean hasPrevious() {
		return this.page > 0;
	}

	/**
	 * A scope in the filter row.
	 * @param id the scope's id
	 * @param name its name
	 */
	public record ScopeOption(long id, String name) {
	}

}
