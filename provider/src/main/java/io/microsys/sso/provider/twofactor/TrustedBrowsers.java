package io.microsys.sso.provider.twofactor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.support.RandomTokens;

/**
 * Browsers where a person skips the second factor for a while (30 days by default), after a
 * sign-in with one. The browser keeps a cookie of 256 random bits signed for that person (HMAC
 * under the master key); the provider keeps only the SHA-256 of the random part, with the person.
 * A forged or altered cookie, or one of another person, fails the signature before any lookup; a
 * genuine one stops working when revoked: by the person, by a password change or reset, or when
 * two-step verification is turned off.
 */
@Service
public class TrustedBrowsers {

	/** The cookie's name. */
	public static final String COOKIE = "MICROSYS_TRUSTED_BROWSER";

	private static final String PATH = "/accounts/login";

	/** Characters of the random part (32 bytes in unpadded Base64url). */
	private static final int TOKEN_LENGTH = RandomTokens.LENGTH;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final TwoFactorProperties settings;

	private final MasterKey masterKey;

	private final SecuritySettings runtime;

	public TrustedBrowsers(JdbcTemplate jdbc, Clock clock, TwoFactorProperties properties, MasterKey masterKey,
			SecuritySettings runtime) {
		this.runtime = runtime;
		this.jdbc = jdbc;
		this.masterKey = masterKey;
		this.clock = clock;
		this.settings = properties;
	}

	/** Trusts this browser for the person: stores the token's hash and sets the cookie. */
	public void trust(long userId, HttpServletRequest request, HttpServletResponse response) {
		String token = RandomTokens.create();
		Instant now = this.clock.instant();
		Duration lifetime = this.runtime.trustedBrowser(this.settings.getTrustedBrowser());
		Instant expires = now.plus(lifetime);
		String agent = request.getHeader("User-Agent");
		this.jdbc.update(
				"INSERT INTO sso_trusted_browser (user_id, token_hash, user_agent, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
				userId, RandomTokens.hash(token), (agent != null && agent.length() > 200) ? agent.substring(0, 200) : agent,
				Timestamp.from(now), Timestamp.from(expires));
		response.addHeader("Set-Cookie",
				cookie(token + "." + signature(userId, token), request.isSecure(), lifetime.toSeconds()));
	}

	/** Whether this request comes from a browser the person trusted, still within its time. */
	public boolean isTrusted(long userId, HttpServletRequest request) {
		String value = cookieOf(request);
		int dot = (value != null) ? value.indexOf('.') : -1;
		if (dot != TOKEN_LENGTH) {
			return false;
		}
		String token = value.substring(0, dot);
		if (!MessageDigest.isEqual(signature(userId, token).getBytes(StandardCharsets.US_ASCII),
				value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
			return false;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.update(
				"UPDATE sso_trusted_browser SET last_used_at = ? WHERE token_hash = ? AND user_id = ? AND expires_at > ?",
				now, RandomTokens.hash(token), userId, now) == 1;
	}

	/** Whether the request carries a trusted-browser cookie at all (nothing is checked). */
	public boolean hasCookie(HttpServletRequest request) {
		return cookieOf(request) != null;
	}

	/** How many browsers the person trusts now. */
	public int count(long userId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_trusted_browser WHERE user_id = ? AND expires_at > ?", Integer.class, userId,
				Timestamp.from(this.clock.instant()));
		return (count != null) ? count : 0;
	}

	/** The browsers the person trusts now, newest first (at most 50), for staff. */
	public List<Trusted> list(long userId) {
		return this.jdbc.query("SELECT user_agent, created_at, expires_at, last_used_at FROM sso_trusted_browser "
				+ "WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC LIMIT 50",
				(rs, row) -> new Trusted(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
						(rs.getTimestamp(4) != null) ? rs.getTimestamp(4).toInstant() : null),
				userId, Timestamp.from(this.clock.instant()));
	}

	/** One trusted browser: its User-Agent (shortened), when it was trusted, until when, last used. */
	public record Trusted(String userAgent, Instant trustedAt, Instant expiresAt, Instant lastUsedAt) {
	}

	/** Revokes every browser the person trusts; returns how many. */
	public int revokeAll(long userId) {
		return this.jdbc.update("DELETE FROM sso_trusted_browser WHERE user_id = ?", userId);
	}

	/** Revokes every browser the person with this UUID trusts (their password changed elsewhere). */
	public int revokeAllOf(String userUuid) {
		// The person's id first: MariaDB runs "user_id IN (SELECT …)" in a DELETE as a scan of every
		// trusted browser with the subquery for each row.
		List<Long> ids = this.jdbc.queryForList("SELECT id FROM sso_user WHERE uuid = ?", Long.class, userUuid);
		return ids.isEmpty() ? 0 : revokeAll(ids.get(0));
	}

	/** Removes the cookie from this browser. */
	public void clearCookie(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader("Set-Cookie", cookie("", request.isSecure(), 0));
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	void purgeExpired() {
		this.jdbc.update("DELETE FROM sso_trusted_browser WHERE expires_at < ?", Timestamp.from(this.clock.instant()));
	}

	private String signature(long userId, String token) {
		return this.masterKey.mac("trusted-browser", userId + ":" + token);
	}

	private static String cookieOf(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName()) && cookie.getValue() != null && cookie.getValue().length() < 200) {
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

}
