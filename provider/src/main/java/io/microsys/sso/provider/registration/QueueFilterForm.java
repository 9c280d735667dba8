package io.microsys.sso.provider.registration;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The registration queue's filter, from the query string: a state ({@code pending} when absent),
 * a search of at most 100 characters and a page number.
 */
record QueueFilterForm(
		@Pattern(regexp = "pending|unverified|approved|rejected|all",
				message = "{form.error.queueStatus}") String status,
		@Size(max = 100, message = "{form.error.search}") String q,
		@Pattern(regexp = "\\d{1,6}", message = "{form.error.pageNumber}") String page) {

	/** The filter shown by default, and in place of one that is not valid. */
	static final QueueFilterForm DEFAULT = new QueueFilterForm(null, null, null);

	/** The chosen filter's name, one of {@link RegistrationQueueController#FILTERS}. */
	String filter() {
		return (this.status != null) ? this.status : "pending";
	}

	/** The search, trimmed; empty for none. */
	String search() {
		return (this.q != null) ? this.q.trim() : "";
	}

	int pageNumber() {
		return (this.page != null) ? Integer.parseInt(this.page) : 0;
	}

}
