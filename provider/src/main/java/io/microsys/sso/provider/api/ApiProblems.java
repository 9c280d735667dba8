package io.microsys.sso.provider.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * Builds and writes the admin API's problem details (RFC 9457): the kind's type, title and
 * status, a detail, and the request path as {@code instance}. Filters that answer before Spring
 * MVC (no token, rate limits) write through here too, so every error has the same shape.
 */
public final class ApiProblems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApiProblems() {
	}

	/** A problem of this kind with this detail. */
	public static ProblemDetail of(ApiProblem problem, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), detail);
		body.setType(problem.type());
		body.setTitle(problem.title());
		return body;
	}

	/** Sets {@code instance} to the request's path when the problem has none. */
	public static ProblemDetail withInstance(ProblemDetail body, HttpServletRequest request) {
		if (body.getInstance() == null && request != null) {
			body.setInstance(URI.create(request.getRequestURI()));
		}
		return body;
	}

	/** The members of a problem as RFC 9457 lays them out (extension members at the top level). */
	static Map<String, Object> asMap(ProblemDetail body) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", String.valueOf(body.getType()));
		members.put("title", body.getTitle());
		members.put("status", body.getStatus());
		if (body.getDetail() != null) {
			members.put("detail", body.getDetail());
		}
		if (body.getInstance() != null) {
			members.put("instance", body.getInstance().toString());
		}
		if (body.getProperties() != null) {
			body.getProperties().forEach(members::putIfAbsent);
		}
		return members;
	}

	/** Writes a problem as the whole response (its status, {@code application/problem+json}). */
	public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail body)
			throws IOException {
		withInstance(body, request);
		response.setStatus(body.getStatus());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(AdminApi.PROBLEM_JSON);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getOutputStream().write(JSON.writeValueAsBytes(asMap(body)));
		response.flushBuffer();
	}

}
