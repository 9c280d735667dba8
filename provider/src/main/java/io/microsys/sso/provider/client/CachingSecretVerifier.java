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

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Verifies client secrets against their stored hash without paying a password hash on every token
 * request. A successful verification is remembered under an HMAC (with a random per-process key) of
 * the stored hash and the presented secret, so the cache never holds a secret, a changed secret
 * (new hash) never matches an old entry, and failures are never cached. The cache is bounded (LRU)
 * and entries expire.
 */
public final class CachingSecretVerifier implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Clock clock;

	private final Duration ttl;

	private final int maxEntries;

	private final byte[] hmacKey = new byte[32];

	private final Map<String, Instant> verified;

	public CachingSecretVerifier(PasswordEncoder delegate, Clock clock, Duration ttl, int maxEntries) {
		this.delegate = delegate;
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

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null || rawPassword.length() > 512) {
			return false;
		}
		String key = fingerprint(rawPassword, encodedPassword);
		Instant now = this.clock.instant();
		synchronized (this.verified) {
			Instant expires = this.verified.get(key);
			if (expires != null) {
				if (expires.isAfter(now)) {
					return true;
				}
				this.verified.remove(key);
			}
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			synchronized (this.verified) {
				this.verified.put(key, now.plus(this.ttl));
			}
		}
		return matches;
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	/** Number of remembered verifications (for tests and metrics). */
	public int size() {
		synchronized (this.verified) {
			return this.verified.size();
		}
	}

	private String fingerprint(CharSequence raw, String encoded) {
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
