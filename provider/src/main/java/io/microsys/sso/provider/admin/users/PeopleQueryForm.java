package io.microsys.sso.provider.admin.users;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The people list's query parameters, as typed (every one optional; blank means "any"). The
 * patterns catch what is malformed; {@link PeopleSearch} checks the rest against the actor (a
 * scope they may not see, a tier they may not filter by, dates in the wrong order).
 *
 * @param q a prefix of the username, email, first or last name
 * @param state {@code active}, {@code deactivated} or {@code pending}
 * @param scope a scope's id, or {@code none} for people without one (refused while the scope system
 * is off)
 * @param tier {@code superuser}, {@code staff} or {@code person}
 * @param origin an {@link io.microsys.sso.provider.account.AccountOrigin}
 * @param twoStep {@code on} or {@code off}
 * @param from last sign-in on or after this day (yyyy-MM-dd, UTC)
 * @param to last sign-in on or before this day (yyyy-MM-dd, UTC)
 * @param sort {@code username}, {@code name}, {@code email}, {@code lastSignIn} or {@code created}
 * @param dir {@code asc} or {@code desc}
 * @param page the page, from 0
 * @param size 25, 50 or 100 rows a page
 */
public record PeopleQueryForm(@Size(max = 150, message = "{console.people.error.q}") String q,
		@Pattern(regexp = "|active|deactivated|pending", message = "{console.people.error.state}") String state,
		@Pattern(regexp = "|none|[1-9][0-9]{0,17}", message = "{console.people.error.scope}") String scope,
		@Pattern(regexp = "|superuser|staff|person", message = "{console.people.error.tier}") String tier,
		@Pattern(regexp = "|SETUP|ADMIN|SIGNUP|INVITATION|BOOTSTRAP", message = "{console.people.error.origin}") String origin,
		@Pattern(regexp = "|on|off", message = "{console.people.error.twoStep}") String twoStep,
		@Pattern(regexp = "|[0-9]{4}-[0-9]{2}-[0-9]{2}", message = "{console.people.error.date}") String from,
		@Pattern(regexp = "|[0-9]{4}-[0-9]{2}-[0-9]{2}", message = "{console.people.error.date}") String to,
		@Pattern(regexp = "|username|name|email|lastSignIn|created", message = "{console.people.error.sort}") String sort,
		@Pattern(regexp = "|asc|desc", message = "{console.people.error.sort}") String dir,
		@Pattern(regexp = "|[0-9]{1,6}", message = "{console.people.error.page}") String page,
		@Pattern(regexp = "|25|50|100", message = "{console.people.error.size}") String size) {

	/** The sort column, {@code username} when none (or none known) is given. */
	public String sortOrDefault() {
		return (this.sort != null && this.sort.matches("username|name|email|lastSignIn|created")) ? this.sort
				: "username";
	}

	/** Whether the sort is descending. */
	public boolean descending() {
		return "desc".equals(this.dir);
	}

	/** The page number (0 when none or malformed). */
	public int pageNumber() {
		return (this.page != null && this.page.matches("[0-9]{1,6}")) ? Integer.parseInt(this.page) : 0;
	}

	/** Rows a page (50 when none or malformed). */
	public int pageSize() {
		return (this.size != null && this.size.matches("25|50|100")) ? Integer.parseInt(this.size) : 50;
	}

	/** Whether any filter or search narrows the list (for the empty state's advice). */
	public boolean narrowed() {
		return !blank(this.q) || !blank(this.state) || !blank(this.scope) || !blank(this.tier) || !blank(this.origin)
				|| !blank(this.twoStep) || !blank(this.from) || !blank(this.to);
	}

	/** The query string of this list sorted by {@code column}: descending when it already is ascending. */
	public String sortQuery(String column) {
		boolean flip = column.equals(sortOrDefault()) && !descending();
		return query(column, flip ? "desc" : null, null, true);
	}

	/** The query string of page {@code number} of this list. */
	public String pageQuery(int number) {
		return query(sortOrDefault(), this.dir, (number > 0) ? String.valueOf(number) : null, true);
	}

	/** The query string of this list's export (every page). */
	public String exportQuery() {
		return query(sortOrDefault(), this.dir, null, false);
	}

	/** The {@code aria-sort} of a column's header: {@code ascending}, {@code descending} or none. */
	public String ariaSort(String... columns) {
		for (String column : columns) {
			if (column.equals(sortOrDefault())) {
				return descending() ? "descending" : "ascending";
			}
		}
		return null;
	}

	private String query(String sortBy, String direction, String pageNumber, boolean withSize) {
		UriComponentsBuilder builder = UriComponentsBuilder.newInstance();
		param(builder, "q", this.q);
		param(builder, "state", this.state);
		param(builder, "scope", this.scope);
		param(builder, "tier", this.tier);
		param(builder, "origin", this.origin);
		param(builder, "twoStep", this.twoStep);
		param(builder, "from", this.from);
		param(builder, "to", this.to);
		param(builder, "sort", "username".equals(sortBy) ? null : sortBy);
		param(builder, "dir", "desc".equals(direction) ? direction : null);
		param(builder, "page", pageNumber);
		param(builder, "size", (withSize && pageSize() != 50) ? String.valueOf(pageSize()) : null);
		String query = builder.encode().build().toUriString();
		return query.isEmpty() ? "" : query;
	}

	private static void param(UriComponentsBuilder builder, String name, String value) {
		if (!blank(value)) {
			builder.queryParam(name, value);
		}
	}

	static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
