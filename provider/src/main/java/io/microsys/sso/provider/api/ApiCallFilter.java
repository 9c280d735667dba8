package io.microsys.sso.provider.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs around every accepted admin API call, after its token was accepted: the caller's rate
 * limit (429 with {@code Retry-After} when spent), then the call, then its entry in the activity
 * log ({@link ApiCalled}) with the status answered and the request as {@link ApiCallLines} tells
 * it (no query value, no path segment but the API's words and opaque ids).
 */
class ApiCallFilter extends OncePerRequestFilter {

	private static final int MAX_LOGGED = 1000;

	private final ApiRateLimits limits;

	private final ApplicationEventPublisher events;

	private final ApiCallLines lines;

	ApiCallFilter(ApiRateLimits limits, ApplicationEventPublisher events, ApiCallLines lines) {
		this.limits = limits;
		this.events = events;
		this.lines = lines;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof ApiCaller caller)) {
			chain.doFilter(request, response);
			return;
		}
		long wait = this.limits.take(caller.rateLimitKey());
		if (wait > 0) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
			ApiProblems.write(request, response, ApiProblems.of(ApiProblem.RATE_LIMITED,
					"This caller sent more requests than its limit allows; try again in " + wait + " s."));
			log(caller, request, response.getStatus());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			log(caller, request, response.getStatus());
		}
	}

	private void log(ApiCaller caller, HttpServletRequest request, int status) {
		String line = this.lines.line(request.getMethod(), request.getContextPath(), request.getRequestURI(),
				request.getQueryString());
		if (line.length() > MAX_LOGGED) {
			line = line.substring(0, MAX_LOGGED);
		}
		this.events.publishEvent(new ApiCalled(caller.getPrincipal(), caller.clientId(), line, status));
	}

}
