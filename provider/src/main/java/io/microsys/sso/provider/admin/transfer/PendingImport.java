package io.microsys.sso.provider.admin.transfer;

import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An uploaded document waiting in the session between its dry run and its confirmation: the
 * confirmation names its digest, so what is applied is exactly what was previewed.
 *
 * @param content the document as uploaded (at most {@link SettingsImport#MAX_BYTES})
 * @param digest SHA-256 of the content, hex
 * @param mode {@code skip} or {@code overwrite}, as previewed
 */
record PendingImport(byte[] content, String digest, String mode) implements Serializable {

	/** The session attribute. */
	static final String ATTRIBUTE = PendingImport.class.getName();

	static PendingImport of(byte[] content, ImportPlan.Mode mode) {
		return new PendingImport(content, digest(content), mode.value());
	}

	static String digest(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
