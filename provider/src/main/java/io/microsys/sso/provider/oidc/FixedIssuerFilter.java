package io.microsys.sso.provider.oidc;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Pins the issuer to the configured value. The endpoints live under the issuer's path
 * ({@code /o/...}), which Spring's server supports only in its path-based multi-issuer mode; that
 * mode would take the issuer from the request's host, so this filter replaces it with the one
 * configured (a forged Host header can never change {@code iss}).
 */
class FixedIssuerFilter extends OncePerRequestFilter {

	private final String issuer;

	private final AuthorizationServerSettings settings;

	FixedIssuerFilter(String issuer, AuthorizationServerSettings settings) {
		this.issuer = issuer;
		this.settings = settings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		AuthorizationServerContext fixed = new AuthorizationServerContext() {
			@Override
			public String getIssuer() {
				return FixedIssuerFilter.this.issuer;
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return FixedIssuerFilter.this.settings;
			}
		};
		AuthorizationServerContextHolder.setContext(fixed);
		try {
			chain.doFilter(request, response);
		}
		finally {
			AuthorizationServerContextHolder.resetContext();
		}
	}

}
