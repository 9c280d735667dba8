package io.microsys.sso.provider.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens for links and cookies (reset links, email confirmations, trusted browsers): 256
 * bits from the DRBG as 43 Base64url characters. Only their SHA-256 is stored, so a copy of the
 * database opens nothing; a token is found by an equality on that hash.
 */
public final class RandomTokens {

	/** Length of a token. */
	public static final int LENGTH = 43;

	private static final SecureRandom random = DrbgRandom.create();

	private RandomTokens() {
	}

	/** A new token. */
	public static String create() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Whether {@code token} has the shape of one (checked before any lookup). */
	public static boolean isWellFormed(String token) {
		return token != null && token.length() == LENGTH && token.chars()
			.allMatch((c) -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_');
	}

	/** The hex SHA-256 of a token, as stored. */
	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
