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
		// Close to a step boundary the provider may already be in the next step when the code
		// arrives: wait for the boundary (under a second) rather than hand over a code on the edge.
		long intoStep = System.currentTimeMillis() % (Totp.STEP_SECONDS * 1000);
		if (intoStep > Totp.STEP_SECONDS * 1000 - 1500) {
			sleep(Totp.STEP_SECONDS * 1000 - intoStep + 50);
		}
		long now = Totp.step(Instant.now());
		long step = Math.max(now - 1, this.lastStep + 1);
		if (step > now + 1) {
			throw new IllegalStateException("No unused code left in the current time window");
		}
		this.lastStep = step;
		return Totp.standard().code(this.secret, step);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
