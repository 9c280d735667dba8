package io.microsys.sso.provider.client;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Client secrets made by the provider, and how a secret being rotated is handed to the
 * authorization server. A new secret is 32 random bytes (256 bits) in Base64url; it is shown once
 * and stored only as a hash. During a rotation's overlap the app's registered secret is
 * {@link #registered both hashes and the end of the overlap}, which {@link CachingSecretVerifier}
 * reads: the current hash always counts, the previous one only before the overlap ends.
 */
public final class ClientSecrets {

	/** Bytes of a generated secret. */
	public static final int BYTES = 32;

	private static final String ROTATING = "{rotating}";

	private static final SecureRandom RANDOM = new SecureRandom();

	private ClientSecrets() {
	}

	/** A new secret: 32 random bytes, Base64url without padding (43 characters). */
	public static String generate() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The secret the authorization server holds for an app: its hash, or, while a previous secret is
	 * kept, the current hash, the previous hash and when the previous one stops counting.
	 */
	public static String registered(String hash, String previousHash, Instant previousExpiresAt) {
		if (hash == null || previousHash == null || previousExpiresAt == null) {
			return hash;
		}
		return ROTATING + hash + "\n" + previousHash + "\n" + previousExpiresAt.toEpochMilli();
	}

	/** The two hashes of a registered secret written by {@link #registered} during a rotation. */
	public static Optional<Rotation> rotation(String registered) {
		if (registered == null || !registered.startsWith(ROTATING)) {
			return Optional.empty();
		}
		String[] parts = registered.substring(ROTATING.length()).split("\n", -1);
		if (parts.length != 3) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Rotation(parts[0], parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2]))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A secret being rotated.
	 * @param current the new secret's hash
	 * @param previous the old secret's hash
	 * @param previousExpiresAt when the old secret stops counting
	 */
	public record Rotation(String current, String previous, Instant previousExpiresAt) {
	}

}
