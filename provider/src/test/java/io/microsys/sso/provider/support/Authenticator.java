package io.microsys.sso.provider.support;

import java.time.Duration;
import java.time.Instant;

import io.microsys.sso.provider.twofactor.Base32;
import io.microsys.sso.provider.twofactor.Totp;

import static org.awaitility.Awaitility.await;

/**
 * A person's authenticator app in a test: it knows the key the provider showed and gives the code
 * a phone would show. Codes are single use and no older step is accepted after a newer one, so
 * each code it gives is for a later step than the last (within the provider's one-step tolerance).
 */
public final class Authenticator {

	private static final long STEP_MILLIS = Totp.STEP_SECONDS * 1000;

	/** A code this close to the end of its step may reach the provider in the next one. */
	private static final long EDGE_MILLIS = 1500;

	private final byte[] secret;

	private long lastStep = Long.MIN_VALUE;

	public Authenticator(String base32Key) {
		this.secret = Base32.decode(base32Key.replace(" ", ""));
	}

	/** The next code the provider accepts now. */
	public synchronized String nextCode() {
		// Close to a step boundary the provider may already be in the next step when the code
		// arrives: wait for the boundary (at most 1.5 s) rather than hand over a code on the edge.
		await("a code not about to expire").atMost(Duration.ofMillis(STEP_MILLIS))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> System.currentTimeMillis() % STEP_MILLIS <= STEP_MILLIS - EDGE_MILLIS);
		long now = Totp.step(Instant.now());
		long step = Math.max(now - 1, this.lastStep + 1);
		if (step > now + 1) {
			throw new IllegalStateException("No unused code left in the current time window");
		}
		this.lastStep = step;
		return Totp.standard().code(this.secret, step);
	}

}
