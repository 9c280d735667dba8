package io.microsys.sso.provider.admin.scopes;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.PlainText;

/**
 * The scope list's query string: a search in names (at most 100 characters), the column to sort
 * by ({@code name} when absent), the direction and a page number.
 */
record ScopeListForm(@Size(max = 100, message = "{form.error.search}") @PlainText String q,
		@Pattern(regexp = "name|people|created", message = "{form.error.sort}") String sort,
		@Pattern(regexp = "asc|desc", message = "{form.error.sort}") String dir,
		@Pattern(regexp = "\\d{1,6}", message = "{form.error.pageNumber}") String page) {

	/** The list shown by default, and in place of a query that is not valid. */
	static final ScopeListForm DEFAULT = new ScopeListForm(null, null, null, null);

	ScopeQuery query() {
		return new ScopeQuery((this.q != null) ? this.q.trim() : "",
				(this.sort != null) ? ScopeQuery.Sort.valueOf(this.sort.toUpperCase(java.util.Locale.ROOT))
						: ScopeQuery.Sort.NAME,
				"desc".equals(this.dir), (this.page != null) ? Integer.parseInt(this.page) : 0);
	}

}
