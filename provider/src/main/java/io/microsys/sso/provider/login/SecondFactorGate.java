package io.microsys.sso.provider.login;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.client.ClientRepository;

/**
 * Keeps a partly signed-in person (password given, second factor owed) out of everything but the
 * challenge page and sign-out, and people without a second factor out of apps whose policy
 * requires one. Denied browsers are sent, with their request saved, to the challenge page or to
 * the authenticator set-up page; anything else denied gets the 403 page.
 */
@Component
public class SecondFactorGate implements AccessDeniedHandler {

	/** The set-up page a person without a second factor is sent to by an app that requires one. */
	public static final String ENROLMENT_PATH = "/accounts/profile/two-factor/authenticator";

	private final ClientRepository clients;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();

	SecondFactorGate(ClientRepository clients) {
		this.clients = clients;
	}

	/** Pages and APIs: a complete sign-in. */
	public AuthorizationManager<RequestAuthorizationContext> complete() {
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
					RequestAuthorizationContext context) {
				return new AuthorizationDecision(SignIn.isComplete(authentication.get()));
			}
		};
	}

	/** The authorization endpoint: a complete sign-in, with a second factor when the app requires one. */
	public AuthorizationManager<RequestAuthorizationContext> authorize() {
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
					RequestAuthorizationContext context) {
				return new AuthorizationDecision(mayAuthorize(authentication.get(), context.getRequest()));
			}
		};
	}

	/**
	 * The same rule in front of the authorization endpoint, which answers signed-in people before
	 * the chain's authorization rules run.
	 */
	public jakarta.servlet.Filter authorizationEndpointFilter(String authorizePath) {
		return new org.springframework.web.filter.OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					jakarta.servlet.FilterChain chain) throws ServletException, IOException {
				Authentication person = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
				// prompt=none cannot show a page: the endpoint answers interaction_required instead.
				if (authorizePath.equals(request.getRequestURI()) && SignIn.isSignedIn(person) && !isPromptNone(request)
						&& !mayAuthorize(person, request)) {
					handle(request, response, new AccessDeniedException("second factor needed"));
					return;
				}
				chain.doFilter(request, response);
			}
		};
	}

	private boolean mayAuthorize(Authentication person, HttpServletRequest request) {
		return SignIn.isComplete(person) && (SignIn.hasSecondFactor(person) || !requiresSecondFactor(request));
	}

	/** Whether the app of this authorization request requires a second factor. */
	boolean requiresSecondFactor(HttpServletRequest request) {
		String[] clientIds = request.getParameterValues("client_id");
		if (clientIds == null || clientIds.length != 1) {
			return false; // the endpoint refuses such a request itself
		}
		return this.clients.findByClientId(clientIds[0]).map((c) -> c.getPolicy().isRequire2fa()).orElse(false);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		Authentication person = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (SignIn.awaitsSecondFactor(person) && isPage(request)) {
			this.requestCache.saveRequest(request, response);
			response.sendRedirect(request.getContextPath() + SignInCompletion.CHALLENGE_PATH);
			return;
		}
		if (SignIn.isComplete(person) && !SignIn.hasSecondFactor(person) && isPage(request)
				&& request.getRequestURI().endsWith("/authorize") && requiresSecondFactor(request)) {
			this.requestCache.saveRequest(request, response);
			response.sendRedirect(request.getContextPath() + ENROLMENT_PATH + "?required");
			return;
		}
		this.forbidden.handle(request, response, denied);
	}

	private static boolean isPromptNone(HttpServletRequest request) {
		String prompt = request.getParameter("prompt");
		return prompt != null && java.util.List.of(prompt.split(" ")).contains("none");
	}

	private static boolean isPage(HttpServletRequest request) {
		return "GET".equals(request.getMethod());
	}

}
