package io.microsys.sso.provider.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * The master key that encrypts secrets at rest (signing keys, stored grants) with AES-256-GCM. It
 * comes from {@code MICROSYS_SSO_MASTER_KEY}, or from a key file created on first start in the data
 * folder with owner-only permissions. Every node of a cluster must use the same key.
 */
@Component
public class MasterKey {

	private static final Logger logger = LoggerFactory.getLogger(MasterKey.class);

	public static final String KEY_FILE = "master.key";

	private static final byte VERSION = 1;

	private static final int IV_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = io.microsys.sso.provider.support.DrbgRandom.create();

	public MasterKey(ProviderProperties properties) {
		this.key = new SecretKeySpec(load(properties), "AES");
	}

	private static byte[] load(ProviderProperties properties) {
		String configured = properties.getMasterKey();
		if (configured != null && !configured.isBlank()) {
			return decode(configured.trim(), "MICROSYS_SSO_MASTER_KEY");
		}
		Path file = properties.getDataDir().resolve(KEY_FILE);
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file).trim(), file.toString());
			}
			Files.createDirectories(file.toAbsolutePath().getParent());
			byte[] generated = new byte[32];
			new SecureRandom().nextBytes(generated);
			Files.writeString(file, Base64.getEncoder().encodeToString(generated) + "\n",
					StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			restrictToOwner(file);
			logger.warn("Generated a new master key in {}. Back this file up: without it the signing keys and "
					+ "stored tokens cannot be decrypted. In production set MICROSYS_SSO_MASTER_KEY instead.",
					file.toAbsolutePath());
			return generated;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read or create the master key file " + file.toAbsolutePath(), ex);
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			file.toFile().setReadable(false, false);
			file.toFile().setReadable(true, true);
			file.toFile().setWritable(false, false);
			file.toFile().setWritable(true, true);
		}
	}

	private static byte[] decode(String value, String source) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The master key from " + source + " is not valid Base64");
		}
		if (bytes.length != 32) {
			throw new IllegalStateException("The master key from " + source
					+ " must be 32 bytes (Base64 of 32 random bytes, e.g. 'openssl rand -base64 32'), was "
					+ bytes.length);
		}
		return bytes;
	}

	/** Encrypts {@code plaintext}, binding it to {@code context} (e.g. a row id) as associated data. */
	public byte[] encrypt(byte[] plaintext, String context) {
		try {
			byte[] iv = new byte[IV_LENGTH];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + IV_LENGTH + sealed.length).put(VERSION).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	/** Decrypts what {@link #encrypt} produced for the same context; fails if it was altered. */
	public byte[] decrypt(byte[] box, String context) {
		if (box.length < 1 + IV_LENGTH + TAG_BITS / 8 || box[0] != VERSION) {
			throw new IllegalStateException("Encrypted value has an unknown format");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, box, 1, IV_LENGTH));
			cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return cipher.doFinal(box, 1 + IV_LENGTH, box.length - 1 - IV_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new WrongKeyException(ex);
		}
	}

	/** A stored secret does not open with this key: another master key sealed it, or it was altered. */
	public static final class WrongKeyException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		WrongKeyException(GeneralSecurityException cause) {
			super("Cannot decrypt a stored secret: wrong master key or altered data", cause);
		}

	}

	/**
	 * A keyed hash (HMAC-SHA256 under a key derived from the master key for {@code purpose}) of a
	 * short secret such as a 6-digit code: a leaked table cannot be reversed by trying every code.
	 */
	public String mac(String purpose, String value) {
		try {
			javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
			derive.init(new SecretKeySpec(this.key.getEncoded(), "HmacSHA256"));
			byte[] purposeKey = derive.doFinal(("microsys-sso/" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
			return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
