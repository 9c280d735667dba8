package io.microsys.sso.provider.oidc.dpop;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The provider's own protected resource (userinfo) with DPoP-bound tokens (RFC 9449 §7): Spring
 * Security verifies the proof ({@code htm}, {@code htu}, {@code ath}, {@code iat} within a minute,
 * the key matching the token's {@code cnf.jkt}); this adds the replay check shared by every node
 * and the {@code DPoP} challenge beside the {@code Bearer} one.
 */
public final class DpopResourceRequests {

	/** The algorithms Spring Security's proof verifier accepts (RSA and EC signatures). */
	public static final String ALGORITHMS = "RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512";

	private DpopResourceRequests() {
	}

	/**
	 * Runs once the proof verified: a proof seen before, at any node, is refused. Thrown from here,
	 * the refusal goes to the DPoP failure handler like any other.
	 */
	public static AuthenticationSuccessHandler replayCheck(DpopProofs proofs) {
		return (request, response, authentication) -> {
			if (!proofs.firstUse(request.getHeader(DpopTokenRequests.DPOP))) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, "The DPoP proof was already used.", null));
			}
		};
	}

	/**
	 * The {@code Bearer} challenge as before, followed by a {@code DPoP} one (RFC 9449 §7.1): with
	 * the same error, so that a DPoP-bound token sent as a bearer token reads
	 * {@code DPoP error="invalid_token"}, and the algorithms a proof may use.
	 */
	public static AuthenticationEntryPoint challenge() {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return new AuthenticationEntryPoint() {
			@Override
			public void commence(HttpServletRequest request, HttpServletResponse response,
					AuthenticationException exception) throws IOException, ServletException {
				bearer.commence(request, response, exception);
				StringBuilder dpop = new StringBuilder("DPoP ");
				if (exception instanceof OAuth2AuthenticationException oauth2
						&& OAuth2ErrorCodes.INVALID_TOKEN.equals(oauth2.getError().getErrorCode())) {
					dpop.append("error=\"invalid_token\", ");
				}
				dpop.append("algs=\"").append(ALGORITHMS).append('"');
				response.addHeader(HttpHeaders.WWW_AUTHENTICATE, dpop.toString());
			}
		};
	}

}
