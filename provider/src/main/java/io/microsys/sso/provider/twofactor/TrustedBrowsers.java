package io.microsys.sso.provider.twofactor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.settings.SsoProperties;
import io.microsys.sso.provider.web.DrbgRandom;

/**
 * Browsers where a person skips the second factor for a while (30 days by default), after a
 * sign-in with one. The browser keeps a cookie with 256 random bits; the provider keeps only their
 * SHA-256, bound to the person, so the cookie cannot be forged, works for nobody else, and stops
 * working when revoked: by the person, by a password change or reset, or when two-factor sign-in
 * is turned off.
 */
@Service
public class TrustedBrowsers {

	/** The cookie's name. */
	public static final String COOKIE = "MICROSYS_TRUSTED_BROWSER";

	private static final String PATH = "/accounts/login";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final SsoProperties.TwoFactor settings;

	private final SecureRandom random = DrbgRandom.create();

	public TrustedBrowsers(JdbcTemplate jdbc, Clock clock, SsoProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = properties.getTwoFactor();
	}

	/** Trusts this browser for the person: stores the token's hash and sets the cookie. */
	public void trust(long userId, HttpServletRequest request, HttpServletResponse response) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.settings.getTrustedBrowser());
		String agent = request.getHeader("User-Agent");
		this.jdbc.update(
				"INSERT INTO sso_trusted_browser (user_id, token_hash, user_agent, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
				userId, sha256(token), (agent != null && agent.length() > 200) ? agent.substring(0, 200) : agent,
				Timestamp.from(now), Timestamp.from(expires));
		response.addHeader("Set-Cookie", cookie(token, request.isSecure(), this.settings.getTrustedBrowser().toSeconds()));
	}

	/** Whether this request comes from a browser the person trusted, still within its time. */
	public boolean isTrusted(long userId, HttpServletRequest request) {
		String token = tokenOf(request);
		if (token == null) {
			return false;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.update(
				"UPDATE sso_trusted_browser SET last_used_at = ? WHERE token_hash = ? AND user_id = ? AND expires_at > ?",
				now, sha256(token), userId, now) == 1;
	}

	/** How many browsers the person trusts now. */
	public int count(long userId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_trusted_browser WHERE user_id = ? AND expires_at > ?", Integer.class, userId,
				Timestamp.from(this.clock.instant()));
		return (count != null) ? count : 0;
	}

	/** Revokes every browser the person trusts; returns how many. */
	public int revokeAll(long userId) {
		return this.jdbc.update("DELETE FROM sso_trusted_browser WHERE user_id = ?", userId);
	}

	/** Removes the cookie from this browser. */
	public void clearCookie(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader("Set-Cookie", cookie("", request.isSecure(), 0));
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	void purgeExpired() {
		this.jdbc.update("DELETE FROM sso_trusted_browser WHERE expires_at < ?", Timestamp.from(this.clock.instant()));
	}

	private static String tokenOf(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName()) && cookie.getValue() != null && cookie.getValue().length() == 43) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private static String cookie(String value, boolean secure, long maxAge) {
		return ResponseCookie.from(COOKIE, value)
			.path(PATH)
			.httpOnly(true)
			.secure(secure)
			.sameSite("Lax")
			.maxAge(maxAge)
			.build()
			.toString();
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
