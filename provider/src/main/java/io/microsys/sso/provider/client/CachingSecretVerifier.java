package io.microsys.sso.provider.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Verifies client secrets against their stored hash without paying a password hash on every token
 * request. A successful verification is remembered under an HMAC (with a random per-process key) of
 * the stored hash and the presented secret, so the cache never holds a secret, a changed secret
 * (new hash) never matches an old entry, and failures are never cached. The cache is bounded (LRU)
 * and entries expire; a size of 0 turns it off.
 * <p>
 * A secret verified against a hash of an older setting is hashed again at once and stored with
 * {@link Rehash}, a conditional update on the old hash. {@link #upgradeEncoding} therefore answers
 * {@code false}: the authorization server's own upgrade saves the whole app from each token request,
 * which fails when several requests of one app arrive together.
 */
public final class CachingSecretVerifier implements PasswordEncoder {

	private static final Log logger = LogFactory.getLog(CachingSecretVerifier.class);

	/** Stores a new hash of a verified secret in place of the old one, if that is still stored. */
	@FunctionalInterface
	public interface Rehash {

		void replace(String oldHash, String newHash);

	}

	private final PasswordEncoder delegate;

	private final Clock clock;

	private final Duration ttl;

	private final int maxEntries;

	private final byte[] hmacKey = new byte[32];

	private final Map<String, Instant> verified;

	private final Rehash rehash;

	public CachingSecretVerifier(PasswordEncoder delegate, Clock clock, Duration ttl, int maxEntries,
			Rehash rehash) {
		this.delegate = delegate;
		this.rehash = rehash;
		this.clock = clock;
		this.ttl = ttl;
		this.maxEntries = maxEntries;
		new SecureRandom().nextBytes(this.hmacKey);
		this.verified = new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
				return size() > CachingSecretVerifier.this.maxEntries;
			}
		};
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	/**
	 * Whether the secret matches: a plain hash, or during a rotation ({@link ClientSecrets#rotation})
	 * the current hash, or the previous one before the overlap ends. The end is checked before the
	 * cache, so a verification remembered during the overlap never outlives it.
	 */
	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null || rawPassword.length() > 512) {
			return false;
		}
		Optional<ClientSecrets.Rotation> rotation = ClientSecrets.rotation(encodedPassword);
		if (rotation.isPresent()) {
			return matchesOne(rawPassword, rotation.get().current()) || (overlapping(rotation.get())
					&& matchesOne(rawPassword, rotation.get().previous()));
		}
		return matchesOne(rawPassword, encodedPassword);
	}

	private boolean overlapping(ClientSecrets.Rotation rotation) {
		return rotation.previousExpiresAt().isAfter(this.clock.instant());
	}

	private boolean matchesOne(CharSequence rawPassword, String encodedPassword) {
		boolean caching = this.maxEntries > 0;
		String key = caching ? fingerprint(rawPassword, encodedPassword) : null;
		Instant now = this.clock.instant();
		if (caching) {
			synchronized (this.verified) {
				Instant expires = this.verified.get(key);
				if (expires != null) {
					if (expires.isAfter(now)) {
						return true;
					}
					this.verified.remove(key);
				}
			}
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			if (caching) {
				synchronized (this.verified) {
					this.verified.put(key, now.plus(this.ttl));
				}
			}
			upgradeIfOutdated(rawPassword, encodedPassword);
		}
		return matches;
	}

	/**
	 * Whether this secret was verified against this hash lately, so {@link #matches} would answer
	 * without hashing.
	 */
	public boolean remembers(CharSequence rawPassword, String encodedPassword) {
		if (this.maxEntries <= 0 || rawPassword == null || encodedPassword == null || rawPassword.length() > 512) {
			return false;
		}
		Optional<ClientSecrets.Rotation> rotation = ClientSecrets.rotation(encodedPassword);
		if (rotation.isPresent()) {
			return remembers(rawPassword, rotation.get().current())
					|| (overlapping(rotation.get()) && remembers(rawPassword, rotation.get().previous()));
		}
		String key = fingerprint(rawPassword, encodedPassword);
		synchronized (this.verified) {
			Instant expires = this.verified.get(key);
			return expires != null && expires.isAfter(this.clock.instant());
		}
	}

	private void upgradeIfOutdated(CharSequence rawPassword, String encodedPassword) {
		if (!this.delegate.upgradeEncoding(encodedPassword)) {
			return;
		}
		try {
			this.rehash.replace(encodedPassword, this.delegate.encode(rawPassword));
		}
		catch (RuntimeException ex) {
			// The secret was right: the request goes on; the next verification that is not answered
			// from the cache (a new node, an expired entry) tries again.
			logger.warn("Could not store the new hash of a client secret: " + ex);
		}
	}

	/** Never: outdated hashes are replaced during {@link #matches}, see the class comment. */
	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return false;
	}

	/** Number of remembered verifications (for tests and metrics). */
	public int size() {
		synchronized (this.verified) {
			return this.verified.size();
		}
	}

	/** A keyed digest of (hash, secret) that names the pair without holding the secret. */
	public String fingerprint(CharSequence raw, String encoded) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.hmacKey, "HmacSHA256"));
			mac.update(encoded.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			mac.update(raw.toString().getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
