package io.microsys.sso.provider.oidc;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * Serves the discovery document at its trailing-slash form too
 * ({@code /o/.well-known/openid-configuration/}), which some client libraries request. The request
 * is handed on as if the slash were not there.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DiscoveryTrailingSlashFilter extends OncePerRequestFilter {

	private final String slashed;

	DiscoveryTrailingSlashFilter(ProviderProperties properties) {
		this.slashed = AuthorizationServerConfiguration.issuerPath(properties) + "/.well-known/openid-configuration/";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!this.slashed.equals(path)) {
			chain.doFilter(request, response);
			return;
		}
		request.removeAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public String getRequestURI() {
				String uri = super.getRequestURI();
				return uri.substring(0, uri.length() - 1);
			}

			@Override
			public StringBuffer getRequestURL() {
				StringBuffer url = super.getRequestURL();
				url.setLength(url.length() - 1);
				return url;
			}

			@Override
			public String getServletPath() {
				String servletPath = super.getServletPath();
				return servletPath.endsWith("/") ? servletPath.substring(0, servletPath.length() - 1) : servletPath;
			}
		}, response);
	}

}
