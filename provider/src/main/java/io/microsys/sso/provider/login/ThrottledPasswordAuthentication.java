package io.microsys.sso.provider.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.account.SsoUserDetailsService;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.SecondFactors;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * The password check with guessing protection around it ({@link LoginThrottle}): the attempt is
 * counted against the username and the address before the password is hashed, and refused
 * unchecked while either is blocked (except, for a blocked username, on a browser its person
 * trusted); a wrong password stays counted; a right one clears the username's count (even when
 * the account then may not sign in, since the password was known).
 * <p>
 * The same username and password sent several times at once (a person signing in on several
 * browsers) are counted once: the others wait for the first one's answer, then are checked
 * without a reservation if the password was right, or refused unhashed if it was wrong. Without
 * this, a person's own simultaneous sign-ins would use up the threshold and block them.
 */
final class ThrottledPasswordAuthentication implements AuthenticationProvider {

	private final AuthenticationProvider passwordCheck;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	private final SecondFactors secondFactors;

	private final TrustedBrowsers trustedBrowsers;

	private final Clock clock;

	private final SsoUserDetailsService users;

	/** Attempts being checked, by (username, password) fingerprint. */
	private final ConcurrentMap<String, CompletableFuture<Outcome>> checking = new ConcurrentHashMap<>();

	private final byte[] fingerprintKey = new byte[32];

	ThrottledPasswordAuthentication(AuthenticationProvider passwordCheck, LoginThrottle throttle, ApplicationEventPublisher events,
			SecondFactors secondFactors, TrustedBrowsers trustedBrowsers, Clock clock, SsoUserDetailsService users) {
		this.passwordCheck = passwordCheck;
		this.users = users;
		this.throttle = throttle;
		this.events = events;
		this.secondFactors = secondFactors;
		this.trustedBrowsers = trustedBrowsers;
		this.clock = clock;
		new SecureRandom().nextBytes(this.fingerprintKey);
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String key = fingerprint(username, authentication.getCredentials());
		CompletableFuture<Outcome> mine = new CompletableFuture<>();
		CompletableFuture<Outcome> first = this.checking.putIfAbsent(key, mine);
		if (first == null) {
			try {
				Authentication result = throttled(authentication, username);
				mine.complete(Outcome.RIGHT);
				return result;
			}
			catch (LoginConfiguration.AccountStateException ex) {
				mine.complete(Outcome.RIGHT);
				throw ex;
			}
			catch (SignInsThrottledException ex) {
				mine.complete(Outcome.REFUSED);
				throw ex;
			}
			catch (BadCredentialsException ex) {
				mine.complete(Outcome.WRONG);
				throw ex;
			}
			catch (RuntimeException ex) {
				mine.complete(Outcome.REFUSED);
				throw ex;
			}
			finally {
				this.checking.remove(key, mine);
			}
		}
		Outcome outcome;
		try {
			outcome = first.join();
		}
		catch (CompletionException ex) {
			outcome = Outcome.REFUSED;
		}
		return switch (outcome) {
			case RIGHT -> nextStep(this.passwordCheck.authenticate(authentication), false);
			case WRONG -> throw new BadCredentialsException("Bad credentials");
			// Refused for this request's own reasons (its address, its browser): decided on its own.
			case REFUSED -> throttled(authentication, username);
		};
	}

	private Authentication throttled(Authentication authentication, String username) {
		String ip = clientAddress();
		LoginThrottle.Attempt attempt = this.throttle.signIn(username, ip, () -> isTrustedBrowserOf(username));
		Optional<LoginThrottle.Block> block = attempt.refused();
		if (block.isPresent()) {
			this.events.publishEvent(new SignInThrottled(username, block.get().reason(), block.get().until()));
			throw new SignInsThrottledException(block.get().until());
		}
		try {
			Authentication result = this.passwordCheck.authenticate(authentication);
			this.throttle.succeeded(attempt);
			return nextStep(result, attempt.pastAccountBlock());
		}
		catch (LoginConfiguration.AccountStateException ex) {
			this.throttle.succeeded(attempt);
			throw ex;
		}
		catch (BadCredentialsException ex) {
			this.throttle.failed(attempt);
			throw ex;
		}
	}

	/** A keyed digest of (username, password) that names the pair without holding the password. */
	private String fingerprint(String username, Object password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.fingerprintKey, "HmacSHA256"));
			mac.update(String.valueOf(username).getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			mac.update(String.valueOf(password).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How the first of several identical attempts went. */
	private enum Outcome {

		RIGHT, WRONG, REFUSED

	}

	/**
	 * Whether this browser is one the person behind {@code username} trusted: someone guessing
	 * their password cannot lock them out of it (the password is still checked, and failures still
	 * count).
	 */
	private boolean isTrustedBrowserOf(String username) {
		HttpServletRequest request = currentRequest();
		if (request == null || !this.trustedBrowsers.hasCookie(request)) {
			return false;
		}
		try {
			return this.users.loadUserByUsername(username) instanceof SsoUserDetails user
					&& this.trustedBrowsers.isTrusted(user.getUserId(), request);
		}
		catch (UsernameNotFoundException ex) {
			return false;
		}
	}

	/**
	 * After the password: complete for a person without a second factor, or on a browser they
	 * trusted; otherwise the sign-in waits for the challenge page. A temporary password marks the
	 * sign-in as owing a new one, which keeps it incomplete until then.
	 */
	private Authentication nextStep(Authentication result, boolean knownTrusted) {
		Authentication next = afterPassword(result, knownTrusted);
		return (next.getPrincipal() instanceof SsoUserDetails user && user.isPasswordChangeRequired())
				? SignIn.owingNewPassword(next) : next;
	}

	private Authentication afterPassword(Authentication result, boolean knownTrusted) {
		if (!(result.getPrincipal() instanceof SsoUserDetails user)) {
			return result;
		}
		if (!this.secondFactors.isEnrolled(user.getUserId())) {
			return SignIn.completedWith(result, null, this.clock.instant());
		}
		HttpServletRequest request = currentRequest();
		if (request != null && Reauthentication.pending(request, this.clock.instant())
			.filter(Reauthentication::secondFactorAgain)
			.isPresent()) {
			// An app asked for a new sign-in: an old proof (the trusted browser) does not answer it.
			return result;
		}
		if (knownTrusted || (request != null && this.trustedBrowsers.isTrusted(user.getUserId(), request))) {
			return SignIn.completedWith(result, SignIn.Factor.TRUSTED_BROWSER, this.clock.instant());
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static String clientAddress() {
		HttpServletRequest request = currentRequest();
		return (request != null) ? ClientAddress.of(request) : null;
	}

	private static HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)
				? servlet.getRequest() : null;
	}

	/** Too many failed sign-ins with this username or from this address; try again later. */
	static final class SignInsThrottledException extends AuthenticationException {

		private final Instant until;

		SignInsThrottledException(Instant until) {
			super("Too many failed sign-ins");
			this.until = until;
		}

		Instant until() {
			return this.until;
		}

	}

}
