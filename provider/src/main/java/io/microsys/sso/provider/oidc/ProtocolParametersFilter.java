package io.microsys.sso.provider.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * OAuth 2.0 parameters must not be repeated (RFC 6749 §3.1, §3.2), and none of ours is longer than
 * {@value #MAX_LENGTH} characters. A request to a protocol endpoint that breaks either rule is
 * refused with {@code invalid_request} before any other processing, so no later step has to guess
 * which value counts or store an oversized one. The consent form may repeat {@code scope}, one
 * value per granted scope.
 */
class ProtocolParametersFilter extends OncePerRequestFilter {

	/** RFC 8707 and RFC 8693 §2.1 allow several {@code resource} and {@code audience} values. */
	private static final Set<String> REPEATABLE = Set.of("resource", "audience");

	static final int MAX_LENGTH = 4096;

	private final String authorizePath;

	ProtocolParametersFilter(String issuerPath) {
		this.authorizePath = issuerPath + "/authorize";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean consent = "POST".equals(request.getMethod()) && this.authorizePath.equals(path(request));
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			String name = parameter.getKey();
			if (parameter.getValue().length > 1 && !REPEATABLE.contains(name) && !(consent && "scope".equals(name))) {
				refuse(request, response, name, "is repeated");
				return;
			}
			for (String value : parameter.getValue()) {
				if (value.length() > MAX_LENGTH || name.length() > 64) {
					refuse(request, response, name, "is too long");
					return;
				}
			}
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String name, String problem)
			throws IOException {
		if (this.authorizePath.equals(path(request))) {
			// A browser endpoint: the error page explains it (and the redirect URI is not trusted yet).
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		String safeName = name.replaceAll("[^A-Za-z0-9_.-]", "?");
		response.getWriter()
			.write("{\"error\":\"invalid_request\",\"error_description\":\"Parameter '"
					+ safeName.substring(0, Math.min(safeName.length(), 64)) + "' " + problem + "\"}");
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
