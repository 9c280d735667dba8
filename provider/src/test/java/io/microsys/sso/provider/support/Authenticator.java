package io.microsys.sso.provider.support;

import java.time.Instant;

import io.microsys.sso.provider.twofactor.Base32;
import io.microsys.sso.provider.twofactor.Totp;

/**
 * A person's authenticator app in a test: it knows the key the provider showed and gives the code
 * a phone would show. Codes are single use and no older step is accepted after a newer one, so
 * each code it gives is for a later step than the last (within the provider's one-step tolerance).
 */
public final class Authenticator {

	private final byte[] secret;

	private long lastStep = Long.MIN_VALUE;

	public Authenticator(String base32Key) {
		this.secret = Base32.decode(base32Key.replace(" ", ""));
	}

	/** The next code the provider accepts now. */
	public synchronized String nextCode() {
		long now = Totp.step(Instant.now());
		long step = Math.max(now - 1, this.lastStep + 1);
		if (step > now + 1) {
			throw new IllegalStateException("No unused code left in the current time window");
		}
		this.lastStep = step;
		return Totp.standard().code(this.secret, step);
	}

	/** A code of the current step that the provider has not been given (for a wrong-code test, use another key). */
	public String codeAt(long step) {
		return Totp.standard().code(this.secret, step);
	}

	/** Marks the step of a code given to the provider elsewhere. */
	public synchronized void used(long step) {
		this.lastStep = Math.max(this.lastStep, step);
	}

}
