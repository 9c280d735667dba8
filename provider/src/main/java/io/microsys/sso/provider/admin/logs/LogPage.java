package io.microsys.sso.provider.admin.logs;

import java.util.List;

/**
 * One page of the activity log, newest first.
 *
 * @param entries the entries
 * @param older the id to ask for older entries with ({@code before}), or null on the last page
 * @param newer the id to ask for newer entries with ({@code after}), or null on the first page
 */
record LogPage(List<LogEntry> entries, Long older, Long newer) {

	static final LogPage EMPTY = new LogPage(List.of(), null, null);

}
