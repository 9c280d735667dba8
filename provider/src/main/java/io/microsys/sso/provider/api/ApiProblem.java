package io.microsys.sso.provider.api;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The kinds of error the admin API answers, each with a stable {@code type} URI (RFC 9457) that
 * clients may switch on, and its HTTP status. docs/admin-api.md lists them; a new kind is added
 * here, never made up at the call site.
 */
public enum ApiProblem {

	/** The request is malformed or a value is invalid; {@code errors} lists the fields. */
	INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "The request is not valid"),
	/** The {@code after} cursor was not one the API handed out. */
	INVALID_CURSOR("invalid-cursor", HttpStatus.BAD_REQUEST, "The cursor is not valid"),
	/** No token, or a token from another issuer, expired, revoked, or for another audience. */
	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "A valid bearer token is required"),
	/** The caller may not do this; {@code reason} and {@code permission} say why. */
	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
	/** There is no such resource, or the caller may not see it. */
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
	/** The method is not supported on this resource; {@code Allow} lists those that are. */
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	/** The API answers JSON only. */
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	/** The change conflicts with the current state (a name already taken, a resource in use). */
	CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
	/** The resource changed since the caller read it: its {@code If-Match} no longer matches. */
	CHANGED_MEANWHILE("changed-meanwhile", HttpStatus.PRECONDITION_FAILED, "The resource changed meanwhile"),
	/** The request body is too large. */
	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
	/** The request body is not JSON (or not the type the operation takes). */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	/** An update without {@code If-Match}: send the {@code ETag} read last. */
	IF_MATCH_REQUIRED("if-match-required", HttpStatus.PRECONDITION_REQUIRED, "If-Match is required"),
	/** The caller sent too many requests; {@code Retry-After} says when to try again. */
	RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
	/** Something failed on the provider; the activity log and the provider's log say what. */
	INTERNAL("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	/** Every type URI starts with this. */
	public static final String TYPE_PREFIX = "urn:microsys-sso:problem:";

	private final String slug;

	private final HttpStatus status;

	private final String title;

	ApiProblem(String slug, HttpStatus status, String title) {
		this.slug = slug;
		this.status = status;
		this.title = title;
	}

	/** The stable type URI, {@code urn:microsys-sso:problem:not-found}. */
	public URI type() {
		return URI.create(TYPE_PREFIX + this.slug);
	}

	public String slug() {
		return this.slug;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** The kind for an HTTP status the API answers without a kind of its own. */
	public static ApiProblem ofStatus(int status) {
		for (ApiProblem problem : values()) {
			if (problem.status.value() == status) {
				return problem;
			}
		}
		return (status >= 500) ? INTERNAL : INVALID_REQUEST;
	}

}
