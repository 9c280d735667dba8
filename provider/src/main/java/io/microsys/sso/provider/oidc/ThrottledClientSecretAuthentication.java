package io.microsys.sso.provider.oidc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.microsys.sso.provider.client.CachingSecretVerifier;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * Client-secret authentication ({@code client_secret_basic}, {@code client_secret_post}) with
 * guessing protection around it, so that wrong secrets cost the sender and not the server's
 * password hashes. A secret that has to be hashed is first counted against the client id and the
 * address ({@link LoginThrottle#clientAuthentication}), and refused unhashed with
 * {@code invalid_client} while either is blocked; the block's start is audited. A secret verified
 * lately ({@link CachingSecretVerifier}) costs no hash and is not counted, but is refused as well
 * while a block lasts (fail closed). A right secret that was hashed clears the app's count (the
 * app has its secret back), not the address's. Requests presenting the same secret for the same
 * app at once wait for the first one's answer instead of each paying a hash and a reservation.
 */
final class ThrottledClientSecretAuthentication implements AuthenticationProvider {

	private final AuthenticationProvider secretCheck;

	private final RegisteredClientRepository clients;

	private final CachingSecretVerifier verifier;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	/** Verifications being hashed, by app and secret fingerprint; true when the secret was right. */
	private final ConcurrentMap<String, CompletableFuture<Boolean>> hashing = new ConcurrentHashMap<>();

	ThrottledClientSecretAuthentication(AuthenticationProvider secretCheck, RegisteredClientRepository clients,
			CachingSecretVerifier verifier, LoginThrottle throttle, ApplicationEventPublisher events) {
		this.secretCheck = secretCheck;
		this.clients = clients;
		this.verifier = verifier;
		this.throttle = throttle;
		this.events = events;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
		ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
		if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				&& !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
			return this.secretCheck.authenticate(authentication);
		}
		String clientId = String.valueOf(client.getPrincipal());
		String ip = clientAddress();
		RegisteredClient registered = this.clients.findByClientId(clientId);
		if (registered == null || registered.getClientSecret() == null || client.getCredentials() == null) {
			// Refused without a hash; counted against the address only, so unknown ids make no rows.
			return checked(authentication, (registered != null) ? clientId : null, ip);
		}
		String secret = client.getCredentials().toString();
		if (this.verifier.remembers(secret, registered.getClientSecret())) {
			Optional<LoginThrottle.Block> block = this.throttle.clientAuthenticationBlocked(clientId, ip);
			if (block.isPresent()) {
				throw throttled();
			}
			return this.secretCheck.authenticate(authentication);
		}
		String key = clientId + ' ' + this.verifier.fingerprint(secret, registered.getClientSecret());
		CompletableFuture<Boolean> mine = new CompletableFuture<>();
		CompletableFuture<Boolean> first = this.hashing.putIfAbsent(key, mine);
		if (first == null) {
			return checkedFirst(authentication, clientId, ip, key, mine);
		}
		boolean right;
		try {
			right = first.join();
		}
		catch (CompletionException ex) {
			return checked(authentication, clientId, ip);
		}
		if (!right) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"Client authentication failed: client_secret", null));
		}
		return this.secretCheck.authenticate(authentication);
	}

	private Authentication checkedFirst(Authentication authentication, String clientId, String ip, String key,
			CompletableFuture<Boolean> outcome) {
		try {
			Authentication result = checked(authentication, clientId, ip);
			outcome.complete(true);
			return result;
		}
		catch (OAuth2AuthenticationException ex) {
			outcome.complete(!OAuth2ErrorCodes.INVALID_CLIENT.equals(ex.getError().getErrorCode()));
			throw ex;
		}
		catch (RuntimeException ex) {
			outcome.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.hashing.remove(key, outcome);
		}
	}

	/** Counts the attempt, then checks it (hashing the secret), or refuses it while blocked. */
	private Authentication checked(Authentication authentication, String clientId, String ip) {
		LoginThrottle.Attempt attempt = this.throttle.clientAuthentication(clientId, ip);
		if (attempt.refused().isPresent()) {
			throw throttled();
		}
		try {
			Authentication result = this.secretCheck.authenticate(authentication);
			this.throttle.succeeded(attempt);
			return result;
		}
		catch (OAuth2AuthenticationException ex) {
			if (OAuth2ErrorCodes.INVALID_CLIENT.equals(ex.getError().getErrorCode())) {
				this.throttle.failed(attempt)
					.ifPresent((block) -> this.events
						.publishEvent(new ClientAuthenticationThrottled(clientId, block.reason(), block.until())));
			}
			else {
				// The secret was right; a later check of the request (a PKCE verifier) failed.
				this.throttle.succeeded(attempt);
			}
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.secretCheck.supports(authentication);
	}

	private static OAuth2AuthenticationException throttled() {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
				"Client authentication failed: too many failed attempts, try again later", null));
	}

	private static String clientAddress() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)
				? ClientAddress.of(servlet.getRequest()) : null;
	}

}
