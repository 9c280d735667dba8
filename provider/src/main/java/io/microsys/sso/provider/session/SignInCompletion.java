package io.microsys.sso.provider.session;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * Where a sign-in goes after each step. After the password: to the challenge page when a second
 * factor is owed, else on to what the person asked for. After the second factor: a new session id
 * (the partly signed-in one is not reused), the completed sign-in stored, then on.
 */
@Component
public class SignInCompletion implements AuthenticationSuccessHandler {

	/** The challenge page. */
	public static final String CHALLENGE_PATH = "/accounts/login/challenge";

	/** The page where a person signed in with a temporary password chooses their own. */
	public static final String NEW_PASSWORD_PATH = "/accounts/password/new";

	private final SignedInDevices devices;

	private final ApplicationEventPublisher events;

	private final SavedRequestAwareAuthenticationSuccessHandler continueHandler = new SavedRequestAwareAuthenticationSuccessHandler();

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	SignInCompletion(SignedInDevices devices, ApplicationEventPublisher events) {
		this.devices = devices;
		this.events = events;
		this.continueHandler.setDefaultTargetUrl("/");
	}

	/** After the password step (form login). */
	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		this.devices.remember(request);
		writeNewCsrfToken(request);
		if (SignIn.isComplete(authentication) || SignIn.awaitsNewPassword(authentication)) {
			this.devices.completed((SsoUserDetails) authentication.getPrincipal(),
					Set.of(request.getSession().getId()));
			proceed(request, response, authentication);
			return;
		}
		response.sendRedirect(request.getContextPath() + CHALLENGE_PATH);
	}

	/**
	 * Signing in replaced the session's CSRF token with one made when first used. Made now, in this
	 * request: pages opened at once right after (tabs, a page and its styles) would each make
	 * their own, and the forms of all but the last one stored would be refused.
	 */
	private static void writeNewCsrfToken(HttpServletRequest request) {
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			token.getToken();
		}
	}

	/** Stores a sign-in completed by a second factor and continues where the person was going. */
	public void completed(HttpServletRequest request, HttpServletResponse response, Authentication completed)
			throws IOException, ServletException {
		String before = request.getSession().getId();
		String after = request.changeSessionId();
		replace(request, response, completed);
		// The store still knows this session by its old id until the request ends.
		this.devices.completed((SsoUserDetails) completed.getPrincipal(), Set.of(before, after));
		proceed(request, response, completed);
	}

	/**
	 * Stores a changed sign-in (a second factor added after enrolment) without redirecting. The
	 * session was complete already and keeps its id: the apps it signed into know it by that id
	 * ({@code sid}), for back-channel logout.
	 */
	public void replace(HttpServletRequest request, HttpServletResponse response, Authentication changed) {
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(changed);
		this.holder.setContext(context);
		this.contexts.saveContext(context, request, response);
	}

	/**
	 * Signs in a person who just set their password and proved their email address in this browser
	 * (a confirmed registration, an accepted invitation): the password factor at {@code when}, the
	 * sign-in complete (such a new account has no second factor), under a new session id.
	 * @param reason why, for the {@link NewAccountSignedIn} event: {@code email_verified} or {@code invitation}
	 */
	public void signInNewAccount(HttpServletRequest request, HttpServletResponse response, SsoUser user,
			Instant when, String reason) {
		String before = request.getSession().getId();
		String after = request.changeSessionId();
		SsoUserDetails details = new SsoUserDetails(user);
		details.eraseCredentials();
		List<GrantedAuthority> authorities = List.of(
				FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(when).build(),
				new SimpleGrantedAuthority(SignIn.COMPLETE));
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
			.authenticated(details, null, authorities);
		authentication.setDetails(new WebAuthenticationDetails(request));
		this.devices.remember(request);
		replace(request, response, authentication);
		this.devices.completed(details, Set.of(before, after));
		this.events.publishEvent(new NewAccountSignedIn(user.getUuid(), user.getUsername(), reason));
	}

	/**
	 * Continues to the request saved before the sign-in, or the home page; first to the new
	 * password page when a temporary one must be replaced (the saved request waits for it).
	 */
	public void proceed(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException, ServletException {
		if (SignIn.awaitsNewPassword(authentication)) {
			response.sendRedirect(request.getContextPath() + NEW_PASSWORD_PATH);
			return;
		}
		this.continueHandler.onAuthenticationSuccess(request, response, authentication);
	}

}
