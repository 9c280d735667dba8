package io.microsys.sso.provider.twofactor;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226): the code of a 30-second time
 * step. {@link #match} accepts the current step and one step either side (clock drift) and says
 * which step matched, so that the caller can refuse a code it already accepted (replay).
 */
public final class Totp {

	/** Length of a time step. */
	public static final long STEP_SECONDS = 30;

	/** Steps accepted either side of the current one. */
	public static final int TOLERANCE = 1;

	private final String algorithm;

	private final int digits;

	/** SHA-1 and 6 digits: what every authenticator app reads from an {@code otpauth://} URI. */
	public static Totp standard() {
		return new Totp("HmacSHA1", 6);
	}

	public Totp(String algorithm, int digits) {
		if (digits < 6 || digits > 8) {
			throw new IllegalArgumentException("digits must be 6 to 8");
		}
		this.algorithm = algorithm;
		this.digits = digits;
	}

	/** The time step an instant falls in. */
	public static long step(Instant time) {
		return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
	}

	/** The code for one time step. */
	public String code(byte[] secret, long step) {
		byte[] hash;
		try {
			Mac mac = Mac.getInstance(this.algorithm);
			mac.init(new SecretKeySpec(secret, this.algorithm));
			hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(this.algorithm + " is not available", ex);
		}
		int offset = hash[hash.length - 1] & 0x0f;
		int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
				| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
		int modulus = (int) Math.pow(10, this.digits);
		String code = Integer.toString(binary % modulus);
		return "0".repeat(this.digits - code.length()) + code;
	}

	/**
	 * The step whose code {@code candidate} is, among the current one and {@link #TOLERANCE} either
	 * side; empty when none (or when the candidate is not a code of the right length). Every step is
	 * compared, in constant time, so the timing does not tell which one matched.
	 */
	public OptionalLong match(byte[] secret, String candidate, Instant now) {
		if (candidate == null || candidate.length() != this.digits || !candidate.chars().allMatch(Character::isDigit)) {
			return OptionalLong.empty();
		}
		long current = step(now);
		long matched = Long.MIN_VALUE;
		for (long step = current - TOLERANCE; step <= current + TOLERANCE; step++) {
			if (MessageDigest.isEqual(code(secret, step).getBytes(), candidate.getBytes())) {
				matched = step;
			}
		}
		return (matched == Long.MIN_VALUE) ? OptionalLong.empty() : OptionalLong.of(matched);
	}

}
