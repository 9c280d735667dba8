package io.microsys.sso.provider.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.login.Reauthentication;
import io.microsys.sso.provider.support.Language;

/**
 * In front of the authorization endpoint: a signed-in person is sent to the sign-in page again when
 * the app asks for it (Core 3.1.2.1) — {@code prompt=login} (the same person, name fixed),
 * {@code prompt=select_account} (anyone, the name only suggested), a sign-in older than
 * {@code max_age} (including {@code max_age=0}), or an {@code id_token_hint} naming someone else.
 * The request, replayed after the new sign-in, goes on once the password was given after it was
 * asked; a person with a second factor gives it again, unless the app asked for the password class
 * alone. {@code ui_locales} chooses the language of the pages that follow. A request sent as a form
 * (POST) that needs a new sign-in is first sent back as the same request in a URL, since the
 * sign-in page returns to a saved GET request.
 * <p>
 * Malformed values are left to {@link AuthorizationRequestChecks}, which refuses them;
 * {@code prompt=none} never shows a page (the checks answer {@code login_required} instead).
 */
class ReauthenticationFilter extends OncePerRequestFilter {

	private final RequestMatcher authorizeRequest;

	private final RegisteredClientRepository clients;

	private final IdTokenHints hints;

	private final LocaleResolver locales;

	private final Clock clock;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	ReauthenticationFilter(String authorizePath, RegisteredClientRepository clients, IdTokenHints hints,
			LocaleResolver locales, Clock clock) {
		this.authorizeRequest = PathPatternRequestMatcher.withDefaults().matcher(authorizePath);
		this.clients = clients;
		this.hints = hints;
		this.locales = locales;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean get = "GET".equals(request.getMethod());
		// A POST with response_type is an authorization request sent as a form (Core 3.1.2.1); a
		// POST without one is the consent form.
		boolean formRequest = "POST".equals(request.getMethod()) && request.getParameter("response_type") != null;
		if (!this.authorizeRequest.matches(request) || !(get || formRequest)
				|| !knownClient(request.getParameter("client_id"))) {
			chain.doFilter(request, response);
			return;
		}
		chooseLanguage(request, response);
		Authentication person = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		AuthenticationRequest asked = AuthenticationRequest.of(request::getParameter);
		if (!SignIn.isComplete(person) || !(person.getPrincipal() instanceof SsoUserDetails user) || !asked.valid()
				|| asked.promptNone()) {
			chain.doFilter(request, response);
			return;
		}
		Instant now = this.clock.instant();
		String query = query(request);
		Optional<Reauthentication> pending = Reauthentication.pending(request, now);
		if (pending.isPresent() && pending.get().answeredBy(query, SignIn.passwordAt(person))) {
			Reauthentication.clear(request);
			chain.doFilter(request, response);
			return;
		}
		boolean someoneElse = asked.idTokenHint() != null
				&& this.hints.subject(asked.idTokenHint()).filter((sub) -> !sub.equals(person.getName())).isPresent();
		boolean again = asked.promptsSignIn() || asked.tooOld(SignIn.authenticatedAt(person), now);
		if (!someoneElse && !again) {
			chain.doFilter(request, response);
			return;
		}
		if (formRequest) {
			// The sign-in page comes back to a saved GET request: the same request, as one.
			response.setStatus(HttpServletResponse.SC_SEE_OTHER);
			response.setHeader("Location", asGet(request));
			return;
		}
		boolean samePerson = asked.prompt().contains("login") && !someoneElse;
		new Reauthentication(query, now, someoneElse ? null : user.getLoginName(), samePerson,
				!asked.acceptsPasswordOnly())
			.store(request);
		this.requestCache.saveRequest(request, response);
		response.sendRedirect(request.getContextPath() + "/accounts/login");
	}

	/**
	 * The request's query as the app sent it: a replay after the sign-in carries the request cache's
	 * {@code continue} marker as well.
	 */
	private static String query(HttpServletRequest request) {
		String query = String.valueOf(request.getQueryString());
		return Arrays.stream(query.split("&"))
			.filter((pair) -> !pair.equals("continue") && !pair.startsWith("continue="))
			.collect(Collectors.joining("&"));
	}

	/** The authorization request sent as a form, as the same request in a URL. */
	private static String asGet(HttpServletRequest request) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(request.getRequestURI());
		request.getParameterMap().forEach((name, values) -> {
			for (String value : values) {
				uri.queryParam(UriUtils.encode(name, StandardCharsets.UTF_8), UriUtils.encode(value, StandardCharsets.UTF_8));
			}
		});
		return uri.build(true).toUriString();
	}

	private boolean knownClient(String clientId) {
		return clientId != null && this.clients.findByClientId(clientId) != null;
	}

	/** The first language of {@code ui_locales} that the pages have; otherwise the usual choice. */
	private void chooseLanguage(HttpServletRequest request, HttpServletResponse response) {
		String uiLocales = request.getParameter("ui_locales");
		if (uiLocales == null) {
			return;
		}
		for (String tag : uiLocales.trim().split(" +")) {
			Optional<Language> language = Language.of(Locale.forLanguageTag(tag).getLanguage());
			if (language.isPresent()) {
				this.locales.setLocale(request, response, language.get().locale());
				return;
			}
		}
	}

}
