package io.microsys.sso.provider.login;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * An app asked for a new sign-in ({@code prompt=login}, {@code max_age}, {@code select_account}, or
 * an {@code id_token_hint} naming someone else) and the person was sent to the sign-in page for it.
 * Kept in the session: the sign-in page shows the name that must sign in, the password step asks
 * for the second factor again instead of taking a trusted browser, and the authorization request,
 * replayed after the sign-in, is answered once the sign-in is newer than {@link #askedAt}.
 * @param request the authorization request's query: the request this sign-in answers
 * @param askedAt when the person was sent to sign in again
 * @param loginName the name shown on the sign-in page (null for none)
 * @param nameFixed whether that name cannot be changed (the same person must sign in)
 * @param secondFactorAgain whether a trusted browser does not stand in for the second factor
 */
public record Reauthentication(String request, Instant askedAt, String loginName, boolean nameFixed,
		boolean secondFactorAgain) implements Serializable {

	private static final String ATTRIBUTE = Reauthentication.class.getName();

	/** A request left unanswered this long (the person went elsewhere) no longer counts. */
	static final Duration LIFETIME = Duration.ofMinutes(15);

	/** The session's pending re-authentication, if one was asked less than {@link #LIFETIME} ago. */
	public static Optional<Reauthentication> pending(HttpServletRequest request, Instant now) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Reauthentication pending)) {
			return Optional.empty();
		}
		return pending.askedAt().plus(LIFETIME).isAfter(now) ? Optional.of(pending) : Optional.empty();
	}

	/** Records this as the session's pending re-authentication (replacing any other). */
	public void store(HttpServletRequest request) {
		request.getSession().setAttribute(ATTRIBUTE, this);
	}

	/** The request was answered: nothing is pending any more. */
	public static void clear(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(ATTRIBUTE) != null) {
			session.removeAttribute(ATTRIBUTE);
		}
	}

	/** Whether a password given at {@code passwordAt} answers this, for the request {@code query}. */
	public boolean answeredBy(String query, Instant passwordAt) {
		return this.request.equals(query) && passwordAt != null && !passwordAt.isBefore(this.askedAt);
	}

}
