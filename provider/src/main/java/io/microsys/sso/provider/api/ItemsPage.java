package io.microsys.sso.provider.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: its items and the cursor of the next page (null on the last), as every list
 * of the API answers it ({@code {"items": […], "next": "…"}}; the same next page is also in the
 * {@code Link} header with {@code rel="next"}).
 *
 * @param items the page's items, at most the limit asked for
 * @param next the {@code after} value of the next page, or null when this is the last
 */
public record ItemsPage<T>(List<T> items, String next) {

	public ItemsPage {
		items = List.copyOf(items);
	}

	/**
	 * The page from rows read with {@link Cursor#fetchSize()}: the first {@code limit} rows, and a
	 * next cursor made from the last of them when one more row was read.
	 */
	public static <R, T> ItemsPage<T> of(List<R> rows, Cursor cursor, Function<R, String> cursorOf,
			Function<R, T> item) {
		boolean more = rows.size() > cursor.limit();
		List<R> page = more ? rows.subList(0, cursor.limit()) : rows;
		String next = (more && !page.isEmpty()) ? cursorOf.apply(page.get(page.size() - 1)) : null;
		return new ItemsPage<>(page.stream().map(item).toList(), next);
	}

}
