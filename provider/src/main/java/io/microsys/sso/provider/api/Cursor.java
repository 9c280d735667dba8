package io.microsys.sso.provider.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The API's pagination (docs/admin-api.md): a list answers at most {@code limit} items (1 to 500,
 * 50 when not given) and, when there are more, an opaque {@code next} cursor; the caller passes it
 * back as {@code after}. Cursors are keyset positions (the sort key of the last item, ending with
 * its row id), so the next page is one indexed range read however deep it is, and stays right
 * while rows are added or removed meanwhile.
 *
 * @param keys the sort key of the last item answered, its row id last; empty for the first page
 * @param limit how many items to answer
 */
public record Cursor(List<String> keys, int limit) {

	/** The most items one page answers. */
	public static final int MAX_LIMIT = 500;

	/** The items a page answers when the caller does not say. */
	public static final int DEFAULT_LIMIT = 50;

	private static final String SEPARATOR = "\u001f";

	public Cursor {
		keys = List.copyOf(keys);
	}

	/**
	 * The position a request asks for.
	 * @param after the {@code after} parameter (null: the first page)
	 * @param limit the {@code limit} parameter (null: {@link #DEFAULT_LIMIT})
	 * @param keyCount how many keys this list's cursors hold (the sort key parts and the id)
	 * @throws ApiException 400 for a limit outside 1..500 or a cursor that is not one of this list's
	 */
	public static Cursor of(String after, Integer limit, int keyCount) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		if (after == null || after.isEmpty()) {
			return new Cursor(List.of(), size);
		}
		List<String> keys;
		try {
			if (after.length() > 2048) {
				throw new IllegalArgumentException("too long");
			}
			String decoded = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
			keys = List.of(decoded.split(SEPARATOR, -1));
		}
		catch (IllegalArgumentException ex) {
			throw invalidCursor();
		}
		if (keys.size() != keyCount) {
			throw invalidCursor();
		}
		return new Cursor(keys, size);
	}

	/** The cursor after an item with these keys (its sort key, its row id last). */
	public static String after(Object... keys) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < keys.length; i++) {
			if (i > 0) {
				text.append(SEPARATOR);
			}
			text.append((keys[i] != null) ? keys[i] : "");
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** Whether this is the first page. */
	public boolean first() {
		return this.keys.isEmpty();
	}

	/** The key at {@code index} as a row id or other whole number. */
	public long longKey(int index) {
		try {
			return Long.parseLong(this.keys.get(index));
		}
		catch (NumberFormatException ex) {
			throw invalidCursor();
		}
	}

	/** The key at {@code index} as text. */
	public String key(int index) {
		return this.keys.get(index);
	}

	/** The last item's row id (the last key). */
	public long lastId() {
		return longKey(this.keys.size() - 1);
	}

	/** How many rows to read: one more than the page, to know whether there is a next one. */
	public int fetchSize() {
		return this.limit + 1;
	}

	static ApiException invalidCursor() {
		return new ApiException(ApiProblem.INVALID_CURSOR,
				"The 'after' cursor is not one this list handed out; start again without it.");
	}

}
