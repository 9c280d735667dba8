package io.microsys.sso.provider.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ProblemDetail;

/**
 * An error an API handler answers on purpose, as {@code application/problem+json}: its
 * {@link ApiProblem kind}, a detail for people, and extension members for programs
 * ({@code errors}, {@code reason}…).
 */
public class ApiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final ApiProblem problem;

	private final transient Map<String, Object> properties = new LinkedHashMap<>();

	public ApiException(ApiProblem problem, String detail) {
		super(detail);
		this.problem = problem;
	}

	/** Adds an extension member to the problem. */
	public ApiException with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public ApiProblem problem() {
		return this.problem;
	}

	/** The problem's body. */
	public ProblemDetail body() {
		ProblemDetail body = ApiProblems.of(this.problem, getMessage());
		this.properties.forEach(body::setProperty);
		return body;
	}

	/** A 404 for a resource that is not there or hidden from the caller (the same answer). */
	public static ApiException notFound(String what) {
		return new ApiException(ApiProblem.NOT_FOUND, "There is no " + what + " here.");
	}

	/** A 400 about one field. */
	public static ApiException invalid(String field, String message) {
		return new ApiException(ApiProblem.INVALID_REQUEST, message).with("errors",
				java.util.List.of(new FieldError(field, message)));
	}

	/** A 409. */
	public static ApiException conflict(String detail) {
		return new ApiException(ApiProblem.CONFLICT, detail);
	}

	/** One invalid field of a request: its JSON name (or query parameter) and what is wrong. */
	public record FieldError(String field, String message) {
	}

}
