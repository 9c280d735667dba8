package io.microsys.sso.provider.admin.apps;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.PlainText;

/** The app list's query string: a search of at most 100 characters (client id or name) and a page number. */
record AppListForm(@Size(max = 100, message = "{form.error.search}") @PlainText String q,
		@Pattern(regexp = "\\d{1,6}", message = "{form.error.pageNumber}") String page) {

	static final AppListForm DEFAULT = new AppListForm(null, null);

	String search() {
		return (this.q != null) ? this.q.trim() : "";
	}

	int pageNumber() {
		return (this.page != null) ? Integer.parseInt(this.page) : 0;
	}

}
