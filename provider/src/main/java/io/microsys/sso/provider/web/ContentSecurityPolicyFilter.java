package io.microsys.sso.provider.web;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.DrbgRandom;

/**
 * A strict Content-Security-Policy on every response, with a fresh nonce per request that templates
 * read as {@code cspNonce}: no inline script or style runs without it, nothing loads from other
 * origins (but the logo an administrator set, from its https origin), and no page can be framed. JSON endpoints under the issuer get a static policy that
 * allows nothing, without the cost of a nonce.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ContentSecurityPolicyFilter extends OncePerRequestFilter {

	/** Request attribute holding the nonce. */
	public static final String NONCE_ATTRIBUTE = "cspNonce";

	/** For JSON endpoints: nothing may load, nothing may frame them; no nonce is needed. */
	static final String API_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

	private static final Set<String> API_PATHS = Set.of("/token", "/introspect", "/revoke", "/userinfo",
			"/.well-known/jwks.json", "/.well-known/openid-configuration");

	private final SecureRandom random = DrbgRandom.create();

	private final ObjectProvider<RuntimeSettings> settings;

	ContentSecurityPolicyFilter(ObjectProvider<RuntimeSettings> settings) {
		this.settings = settings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		int slash = path.indexOf('/', 1);
		if (slash > 0 && API_PATHS.contains(path.substring(slash))) {
			response.setHeader("Content-Security-Policy", API_POLICY);
			chain.doFilter(request, response);
			return;
		}
		byte[] bytes = new byte[18];
		this.random.nextBytes(bytes);
		String nonce = Base64.getEncoder().encodeToString(bytes);
		request.setAttribute(NONCE_ATTRIBUTE, nonce);
		response.setHeader("Content-Security-Policy",
				"default-src 'none'; script-src 'nonce-" + nonce + "' 'strict-dynamic'; style-src 'self' 'nonce-"
						+ nonce + "'; img-src 'self' data:" + logoOrigin() + "; font-src 'self'; connect-src 'self'; "
						+ "base-uri 'none'; frame-ancestors 'none'; object-src 'none'");
		chain.doFilter(request, response);
	}

	/** The sign-in page's logo may come from the one origin an administrator set (https only). */
	private String logoOrigin() {
		RuntimeSettings runtime = this.settings.getIfAvailable();
		RuntimeSettings.Branding branding = (runtime != null) ? runtime.branding() : null;
		String origin = (branding != null) ? branding.logoOrigin() : null;
		return (origin != null) ? " " + origin : "";
	}

}
