package io.microsys.sso.provider.web;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A strict Content-Security-Policy on every response, with a fresh nonce per request that templates
 * read as {@code cspNonce}: no inline script or style runs without it, nothing loads from other
 * origins, and no page can be framed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ContentSecurityPolicyFilter extends OncePerRequestFilter {

	/** Request attribute holding the nonce. */
	public static final String NONCE_ATTRIBUTE = "cspNonce";

	private final SecureRandom random = new SecureRandom();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] bytes = new byte[18];
		this.random.nextBytes(bytes);
		String nonce = Base64.getEncoder().encodeToString(bytes);
		request.setAttribute(NONCE_ATTRIBUTE, nonce);
		response.setHeader("Content-Security-Policy",
				"default-src 'none'; script-src 'nonce-" + nonce + "' 'strict-dynamic'; style-src 'self' 'nonce-"
						+ nonce + "'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
						+ "base-uri 'none'; frame-ancestors 'none'; object-src 'none'");
		chain.doFilter(request, response);
	}

}
