package io.microsys.sso.provider.api;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What an {@link ApiCalled} entry says was asked: the method, the path and the names of the
 * query's parameters, and nothing a caller typed about a person. The entry is filed under the
 * caller's scope, so staff who may not see the people a call was about may still read it: a path
 * keeps only the words of the API's own paths, uuids and numbers (ids that say nothing to who cannot
 * look them up), every other segment is {@value #HIDDEN}; a query keeps its parameter names and
 * never a value ({@code ?q=…&limit=…}).
 */
final class ApiCallLines {

	/** What stands for a segment or a value that is not logged. */
	static final String HIDDEN = "…";

	private static final Pattern OPAQUE_ID = Pattern
		.compile("[0-9]{1,19}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

	private final Supplier<Set<String>> words;

	private volatile Set<String> known;

	/** @param words the literal segments of the API's paths ({@link #words(Collection)}), asked once */
	ApiCallLines(Supplier<Set<String>> words) {
		this.words = words;
	}

	/**
	 * The line logged for a request.
	 * @param method the HTTP method
	 * @param contextPath the servlet context path (configured, kept as it is)
	 * @param uri the request URI as sent (with the context path, still percent-encoded)
	 * @param query the raw query string, or null
	 */
	String line(String method, String contextPath, String uri, String query) {
		String path = uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
		StringJoiner segments = new StringJoiner("/");
		for (String segment : path.split("/", -1)) {
			segments.add((segment.isEmpty() || words().contains(segment) || OPAQUE_ID.matcher(segment).matches())
					? segment : HIDDEN);
		}
		StringBuilder line = new StringBuilder(method).append(' ').append(contextPath).append(segments);
		if (query != null && !query.isEmpty()) {
			StringJoiner names = new StringJoiner("&", "?", "");
			for (String parameter : query.split("&")) {
				int equals = parameter.indexOf('=');
				String name = (equals < 0) ? parameter : parameter.substring(0, equals);
				names.add((PARAMETER_NAME.matcher(name).matches() ? name : HIDDEN) + ((equals < 0) ? "" : "=" + HIDDEN));
			}
			line.append(names);
		}
		return line.toString();
	}

	private Set<String> words() {
		Set<String> words = this.known;
		if (words == null) {
			words = Set.copyOf(this.words.get());
			this.known = words;
		}
		return words;
	}

	/**
	 * The literal segments of the API's and the SCIM server's request mapping patterns
	 * ({@code /api/admin/v1/people/{id}/sessions}: {@code api}, {@code admin}, {@code v1},
	 * {@code people}, {@code sessions}); variables and wildcards are not words.
	 */
	static Set<String> words(Collection<String> patterns) {
		Set<String> words = new HashSet<>();
		for (String pattern : patterns) {
			if (!AdminApi.isApiPath(pattern)) {
				continue;
			}
			for (String segment : pattern.split("/")) {
				if (!segment.isEmpty() && !segment.contains("{") && !segment.contains("*")) {
					words.add(segment);
				}
			}
		}
		return words;
	}

}
