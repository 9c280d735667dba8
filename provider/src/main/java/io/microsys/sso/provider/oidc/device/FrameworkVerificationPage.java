package io.microsys.sso.provider.oidc.device;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The framework's own verification endpoint (enabled with the device authorization endpoint)
 * would approve a user code without the access decision or the second factor: its path is sent to
 * the provider's page ({@link DeviceController}) instead, a well-formed user code kept.
 */
public final class FrameworkVerificationPage extends OncePerRequestFilter {

	private final String path;

	public FrameworkVerificationPage(String path) {
		this.path = path;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.path.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
			chain.doFilter(request, response);
			return;
		}
		UriComponentsBuilder target = UriComponentsBuilder.fromPath(request.getContextPath() + DeviceController.PATH);
		String[] codes = request.getParameterValues("user_code");
		if (codes != null && codes.length == 1) {
			UserCodes.normalize(codes[0]).ifPresent((code) -> target.queryParam("user_code", code));
		}
		response.setStatus(HttpStatus.SEE_OTHER.value());
		response.setHeader("Location", target.build().toUriString());
	}

}
