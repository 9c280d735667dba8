package io.microsys.sso.provider.support;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A {@link SecureRandom} for hot paths (nonces, IVs). The platform default on Linux reads
 * {@code /dev/urandom} under one global lock on every call, which serialises busy request
 * threads; the JDK's DRBG is seeded once and then computes in memory.
 */
public final class DrbgRandom {

	private DrbgRandom() {
	}

	public static SecureRandom create() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

}
