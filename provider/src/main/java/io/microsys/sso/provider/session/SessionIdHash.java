package io.microsys.sso.provider.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The name a provider session has outside the provider: base64url SHA-256 of its id, as ID tokens
 * carry it in {@code sid}. The session id itself (the key to a signed-in browser) never leaves.
 */
public final class SessionIdHash {

	private SessionIdHash() {
	}

	public static String of(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
