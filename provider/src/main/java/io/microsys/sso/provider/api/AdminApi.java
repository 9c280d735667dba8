package io.microsys.sso.provider.api;

/**
 * The admin API's addresses (CONTRACT §5): the JSON API, its OpenAPI document and the SCIM 2.0
 * server. Both are called with bearer access tokens this provider issued with the scope
 * {@code microsys.admin} (docs/admin-api.md).
 */
public final class AdminApi {

	/** The JSON API's base path. */
	public static final String BASE = "/api/admin/v1";

	/** The OpenAPI 3.1 document (public, no token). */
	public static final String OPENAPI = BASE + "/openapi.json";

	/** The SCIM 2.0 server's base path. */
	public static final String SCIM = "/scim/v2";

	/** The media type of every error the API answers (RFC 9457). */
	public static final String PROBLEM_JSON = "application/problem+json";

	private AdminApi() {
	}

	/** Whether a request path (without the context path) is the API's or the SCIM server's. */
	public static boolean isApiPath(String path) {
		return path != null && (path.equals(BASE) || path.startsWith(BASE + "/") || path.equals(SCIM)
				|| path.startsWith(SCIM + "/"));
	}

}
