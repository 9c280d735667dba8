package io.microsys.sso.provider.oidc.dpop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.filter.OncePerRequestFilter;

import io.microsys.sso.provider.client.SsoRegisteredClientRepository;

/**
 * The app's DPoP policy at the token endpoint, for every grant, once the app is authenticated and
 * before the framework verifies the proof and binds the token to its key (RFC 9449 §5): an app
 * without {@code allow_dpop} that sends a proof, or one with {@code require_dpop} that sends none,
 * gets {@code invalid_request} and no token. A proof already used at any node is refused with
 * {@code invalid_dpop_proof}; the framework's own replay check only knows its own node.
 */
public final class DpopTokenRequests extends OncePerRequestFilter {

	static final String DPOP = "DPoP";

	private final String tokenPath;

	private final DpopProofs proofs;

	public DpopTokenRequests(String tokenPath, DpopProofs proofs) {
		this.tokenPath = tokenPath;
		this.proofs = proofs;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod())
				|| !this.tokenPath.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			// Not authenticated: the token endpoint answers invalid_client.
			chain.doFilter(request, response);
			return;
		}
		RegisteredClient app = client.getRegisteredClient();
		String proof = request.getHeader(DPOP);
		boolean hasProof = proof != null && !proof.isBlank();
		if (hasProof && !SsoRegisteredClientRepository.allowsDpop(app)) {
			refuse(response, OAuth2ErrorCodes.INVALID_REQUEST,
					"This application may not use DPoP (allow_dpop is off); send the request without a DPoP header.");
			return;
		}
		if (!hasProof && SsoRegisteredClientRepository.requiresDpop(app)) {
			refuse(response, OAuth2ErrorCodes.INVALID_REQUEST,
					"This application must send a DPoP proof (RFC 9449) with every token request.");
			return;
		}
		if (hasProof && DpopProofs.identity(proof) != null && !this.proofs.firstUse(proof)) {
			refuse(response, OAuth2ErrorCodes.INVALID_DPOP_PROOF, "The DPoP proof was already used.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, String code, String description) throws IOException {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getWriter().write("{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}");
	}

}
