package io.microsys.sso.provider.oidc;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * The key set may be cached: {@code Cache-Control: public, max-age=300} and an {@code ETag} (an
 * {@code If-None-Match} with it is answered {@code 304}), so relying parties do not fetch it again
 * for every token they check. Five minutes is safe: a retired key stays published until the
 * tokens it signed expire, and clients fetch the set again when they meet an unknown {@code kid}.
 */
class JwkSetCaching extends ShallowEtagHeaderFilter {

	static final String CACHE_CONTROL = "public, max-age=300";

	private final String jwkSetPath;

	JwkSetCaching(String jwkSetPath) {
		this.jwkSetPath = jwkSetPath;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.jwkSetPath.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Set first: the security headers are written only where no caching header is.
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
		super.doFilterInternal(request, response, chain);
	}

}
