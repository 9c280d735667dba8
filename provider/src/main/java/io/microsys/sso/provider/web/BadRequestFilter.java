package io.microsys.sso.provider.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.microsys.sso.provider.support.ClientAddress;

/**
 * Turns away, before any other part of the application sees them, requests it could only fail on,
 * and lets the error page answer:
 * <ul>
 * <li>parameters the servlet container cannot parse (bad percent-encoding or UTF-8, too many
 * parameters, a form body over the size limit, a broken chunked body): 400. Otherwise the first
 * component to read a parameter throws, and the request is logged as a server error with its stack
 * trace;</li>
 * <li>the error page's own path asked for directly: 404, where Spring Boot would answer 500 for an
 * error without a status;</li>
 * <li>a client address that is not an IP address (a declared proxy passed on an
 * {@code X-Forwarded-For} it did not write): 400, so that no limit is dodged and no text is
 * recorded as an address ({@link ClientAddress}).</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class BadRequestFilter extends OncePerRequestFilter {

	private final String errorPath;

	BadRequestFilter(@Value("${server.error.path:/error}") String errorPath) {
		this.errorPath = errorPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.errorPath.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
			response.sendError(HttpStatus.NOT_FOUND.value());
			return;
		}
		if (ClientAddress.of(request) == null) {
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// A body that broke off or timed out while read: the container has already answered 400 (or 408).
			if (!response.isCommitted()) {
				response.sendError(HttpStatus.BAD_REQUEST.value());
			}
			return;
		}
		chain.doFilter(request, response);
	}

}
