package io.microsys.sso.provider.twofactor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A TOTP key being set up: what the person types or scans into an authenticator app. Confirmed by
 * a first correct code.
 *
 * @param key the secret in Base32 (for typing in)
 * @param uri the {@code otpauth://totp/...} URI (for the QR code)
 */
public record TotpEnrolment(String key, String uri) {

	static TotpEnrolment of(byte[] secret, String issuer, String account) {
		String key = Base32.encode(secret);
		String label = encode(issuer) + ":" + encode(account);
		String uri = "otpauth://totp/" + label + "?secret=" + key + "&issuer=" + encode(issuer)
				+ "&algorithm=SHA1&digits=6&period=" + Totp.STEP_SECONDS;
		return new TotpEnrolment(key, uri);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Override
	public String toString() {
		return "TotpEnrolment[key=<hidden>]";
	}

}
