package io.microsys.sso.provider.session;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * What a session remembers of the browser that signed in: its User-Agent (shortened), address and
 * sign-in time. Kept as a session attribute, so the list of signed-in devices needs no other table.
 */
public record Device(String userAgent, String ip, Instant signedInAt) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Session attribute holding it. */
	public static final String ATTRIBUTE = "microsys.device";

	/** The browser's name, or null when the User-Agent does not tell. */
	public String browser() {
		String ua = (this.userAgent != null) ? this.userAgent : "";
		if (ua.contains("Edg/")) {
			return "Edge";
		}
		if (ua.contains("OPR/") || ua.contains("Opera")) {
			return "Opera";
		}
		if (ua.contains("Firefox/")) {
			return "Firefox";
		}
		if (ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome/")) {
			return "Chrome";
		}
		if (ua.contains("Safari/")) {
			return "Safari";
		}
		if (ua.startsWith("Java-http-client") || ua.startsWith("Java/")) {
			return "Java";
		}
		if (ua.startsWith("curl/")) {
			return "curl";
		}
		return null;
	}

	/** The operating system's name, or null when the User-Agent does not tell. */
	public String os() {
		String ua = (this.userAgent != null) ? this.userAgent : "";
		if (ua.contains("Android")) {
			return "Android";
		}
		if (ua.contains("iPhone") || ua.contains("iPad")) {
			return "iOS";
		}
		if (ua.contains("Windows")) {
			return "Windows";
		}
		if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
			return "macOS";
		}
		if (ua.contains("CrOS")) {
			return "ChromeOS";
		}
		if (ua.contains("Linux") || ua.contains("X11")) {
			return "Linux";
		}
		return null;
	}

}
