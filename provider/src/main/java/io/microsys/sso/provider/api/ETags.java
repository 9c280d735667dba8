package io.microsys.sso.provider.api;

import java.util.OptionalLong;

/**
 * The API's optimistic locking: every resource answers an {@code ETag} made from its version, and
 * every update and delete needs {@code If-Match} with the ETag read last. The version is compared
 * by the change itself (under the row's lock), so of two callers who read the same version, one
 * wins and the other gets 412.
 */
public final class ETags {

	private ETags() {
	}

	/** The ETag of a resource at this version: {@code "7"}. */
	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * The version an update expects, from its {@code If-Match} header; empty for {@code *} (any
	 * current version: the caller chose to overwrite).
	 *
	 * @throws ApiException 428 without the header, 412 for an ETag that is not one the API made
	 * (a weak one, a list, text) and so cannot match
	 */
	public static OptionalLong expected(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new ApiException(ApiProblem.IF_MATCH_REQUIRED,
					"Send the ETag of the resource as read last in If-Match (or * to overwrite whatever is there).");
		}
		String value = ifMatch.trim();
		if (value.equals("*")) {
			return OptionalLong.empty();
		}
		if (value.length() < 3 || value.length() > 22 || value.charAt(0) != '"'
				|| value.charAt(value.length() - 1) != '"') {
			throw changedMeanwhile();
		}
		try {
			return OptionalLong.of(Long.parseLong(value.substring(1, value.length() - 1)));
		}
		catch (NumberFormatException ex) {
			throw changedMeanwhile();
		}
	}

	/** Checks a version read under the row's lock against the one expected. */
	public static void check(OptionalLong expected, long current) {
		if (expected.isPresent() && expected.getAsLong() != current) {
			throw changedMeanwhile();
		}
	}

	/** The 412 of a lost update. */
	public static ApiException changedMeanwhile() {
		return new ApiException(ApiProblem.CHANGED_MEANWHILE,
				"The resource changed since it was read: read it again and send its new ETag in If-Match.");
	}

}
