package io.microsys.sso.provider.login;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.session.SignInCompletion;
import io.microsys.sso.provider.twofactor.SecondFactors;

/**
 * Where people denied by the {@link io.microsys.sso.provider.account.AccessPolicy} go: a partly
 * signed-in person (password given, second factor owed) to the challenge page, one signed in with
 * a temporary password to the page where they choose their own, and a person
 * without a second factor, at an app whose policy requires one, to the authenticator set-up page,
 * each with their request saved; anything else denied gets the 403 page.
 */
@Component
public class SecondFactorGate implements AccessDeniedHandler {

	private final ClientRepository clients;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();

	SecondFactorGate(ClientRepository clients) {
		this.clients = clients;
	}

	/**
	 * In front of the authorization endpoint (which answers signed-in people before the chain's
	 * authorization rules run): a complete sign-in, with a second factor when the app requires one.
	 */
	public jakarta.servlet.Filter authorizationEndpointFilter(String authorizePath) {
		// The endpoint's own kind of matcher, on the decoded path: /o/authoriz%65 is the endpoint too.
		RequestMatcher authorizeRequest = PathPatternRequestMatcher.withDefaults().matcher(authorizePath);
		return new org.springframework.web.filter.OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					jakarta.servlet.FilterChain chain) throws ServletException, IOException {
				Authentication person = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
				// prompt=none cannot show a page: the endpoint answers interaction_required instead.
				if (authorizeRequest.matches(request) && SignIn.isSignedIn(person)
						&& !isPromptNone(request)) {
					if (SignIn.awaitsNewPassword(person)) {
						sendTo(SignInCompletion.NEW_PASSWORD_PATH, request, response);
						return;
					}
					if (!SignIn.isComplete(person)) {
						sendTo(SignInCompletion.CHALLENGE_PATH, request, response);
						return;
					}
					if (!SignIn.hasSecondFactor(person) && requiresSecondFactor(request)) {
						sendTo(SecondFactors.ENROLMENT_PATH + "?required", request, response);
						return;
					}
				}
				chain.doFilter(request, response);
			}
		};
	}

	/**
	 * Whether this authorization request needs a second factor: its app requires one, or it asks for
	 * the multi-factor class in {@code acr_values} (taken as essential).
	 */
	private boolean requiresSecondFactor(HttpServletRequest request) {
		String acrValues = request.getParameter("acr_values");
		if (acrValues != null && java.util.List.of(acrValues.trim().split(" +")).contains(SignIn.ACR_MFA)) {
			return true;
		}
		String[] clientIds = request.getParameterValues("client_id");
		if (clientIds == null || clientIds.length != 1) {
			return false; // the endpoint refuses such a request itself
		}
		return this.clients.findByClientId(clientIds[0]).map((c) -> c.getPolicy().isRequire2fa()).orElse(false);
	}

	/** Pages: a person who still owes the second factor goes to the challenge, with the page saved. */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		Authentication person = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (SignIn.awaitsSecondFactor(person) && "GET".equals(request.getMethod())) {
			sendTo(SignInCompletion.CHALLENGE_PATH, request, response);
			return;
		}
		if (SignIn.awaitsNewPassword(person) && "GET".equals(request.getMethod())) {
			sendTo(SignInCompletion.NEW_PASSWORD_PATH, request, response);
			return;
		}
		this.forbidden.handle(request, response, denied);
	}

	private void sendTo(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.requestCache.saveRequest(request, response);
		response.sendRedirect(request.getContextPath() + path);
	}

	private static boolean isPromptNone(HttpServletRequest request) {
		String prompt = request.getParameter("prompt");
		return prompt != null && java.util.List.of(prompt.split(" ")).contains("none");
	}

}
