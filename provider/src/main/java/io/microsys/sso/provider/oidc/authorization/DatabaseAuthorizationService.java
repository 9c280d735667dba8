package io.microsys.sso.provider.oidc.authorization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.oidc.keys.MasterKey;
import io.microsys.sso.provider.settings.SsoProperties;

/**
 * Stores grants so that every token lookup is one indexed equality on the SHA-256 of the token
 * value. The authorization itself (tokens included) is serialized and encrypted with the master key.
 * A refresh token that has been rotated stays indexed as {@code rotated_refresh_token}: presenting
 * it again revokes the whole grant (the token family), since only a thief would still have it.
 */
@Service
public class DatabaseAuthorizationService implements OAuth2AuthorizationService {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseAuthorizationService.class);

	static final String ROTATED_REFRESH_TOKEN = "rotated_refresh_token";

	private static final String STATE = OAuth2ParameterNames.STATE;

	private static final String CODE = OAuth2ParameterNames.CODE;

	private static final String ACCESS_TOKEN = OAuth2TokenType.ACCESS_TOKEN.getValue();

	private static final String REFRESH_TOKEN = OAuth2TokenType.REFRESH_TOKEN.getValue();

	private static final String ID_TOKEN = OidcParameterNames.ID_TOKEN;

	private final JdbcTemplate jdbc;

	private final MasterKey masterKey;

	private final AuditService audit;

	private final Clock clock;

	private final SsoProperties.Authorizations settings;

	private final TransactionTemplate transaction;

	public DatabaseAuthorizationService(JdbcTemplate jdbc, MasterKey masterKey, AuditService audit, Clock clock,
			SsoProperties properties, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.masterKey = masterKey;
		this.audit = audit;
		this.clock = clock;
		this.settings = properties.getAuthorizations();
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Objects.requireNonNull(authorization, "authorization cannot be null");
		Instant now = this.clock.instant();
		byte[] payload = this.masterKey.encrypt(serialize(authorization), context(authorization.getId()));
		Map<String, String> wanted = tokenHashes(authorization);
		String sessionIdHash = sessionIdHash(authorization);
		this.transaction.executeWithoutResult((status) -> {
			int updated = this.jdbc.update(
					"UPDATE oauth2_authorization SET payload = ?, updated_at = ?, expires_at = ?, "
							+ "session_id_hash = COALESCE(?, session_id_hash) WHERE id = ?",
					payload, Timestamp.from(now), Timestamp.from(expiresAt(authorization, now)), sessionIdHash,
					authorization.getId());
			if (updated == 0) {
				this.jdbc.update("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, "
						+ "grant_type, payload, created_at, updated_at, expires_at, session_id_hash) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", authorization.getId(),
						authorization.getRegisteredClientId(), authorization.getPrincipalName(),
						authorization.getAuthorizationGrantType().getValue(), payload, Timestamp.from(now),
						Timestamp.from(now), Timestamp.from(expiresAt(authorization, now)), sessionIdHash);
			}
			syncIndex(authorization.getId(), wanted);
			if (sessionIdHash != null) {
				rememberSessionClient(sessionIdHash, authorization, now);
			}
		});
	}

	/**
	 * The provider session an ID token was issued in: its {@code sid} claim (the hash of the session
	 * id), or {@code null} when the grant has no ID token with one.
	 */
	private static String sessionIdHash(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		if (idToken == null) {
			return null;
		}
		Object sid = idToken.getToken().getClaims().get("sid");
		return (sid instanceof String text && !text.isEmpty() && text.length() <= 64) ? text : null;
	}

	/** Notes that the session signed into the grant's app, for back-channel logout. */
	private void rememberSessionClient(String sessionIdHash, OAuth2Authorization authorization, Instant now) {
		long clientId = Long.parseLong(authorization.getRegisteredClientId());
		int updated = this.jdbc.update(
				"UPDATE sso_session_client SET user_uuid = ?, updated_at = ? WHERE session_id_hash = ? AND client_id = ?",
				authorization.getPrincipalName(), Timestamp.from(now), sessionIdHash, clientId);
		if (updated == 0) {
			try {
				this.jdbc.update(
						"INSERT INTO sso_session_client (session_id_hash, client_id, user_uuid, updated_at) VALUES (?, ?, ?, ?)",
						sessionIdHash, clientId, authorization.getPrincipalName(), Timestamp.from(now));
			}
			catch (DuplicateKeyException ex) {
				// Another token of the same session and app was saved at the same moment: already noted.
			}
		}
	}

	/** Brings the token index of one grant in line with its current tokens. */
	private void syncIndex(String authorizationId, Map<String, String> wanted) {
		Map<String, String> existing = new HashMap<>();
		this.jdbc.query("SELECT token_hash, token_type FROM oauth2_authorization_token WHERE authorization_id = ?",
				(rs) -> {
					existing.put(rs.getString(1), rs.getString(2));
				}, authorizationId);
		for (Map.Entry<String, String> entry : existing.entrySet()) {
			if (wanted.containsKey(entry.getKey())) {
				continue;
			}
			if (REFRESH_TOKEN.equals(entry.getValue())) {
				this.jdbc.update("UPDATE oauth2_authorization_token SET token_type = ? WHERE token_hash = ?",
						ROTATED_REFRESH_TOKEN, entry.getKey());
			}
			else if (!ROTATED_REFRESH_TOKEN.equals(entry.getValue())) {
				this.jdbc.update("DELETE FROM oauth2_authorization_token WHERE token_hash = ?", entry.getKey());
			}
		}
		for (Map.Entry<String, String> entry : wanted.entrySet()) {
			if (!existing.containsKey(entry.getKey())) {
				this.jdbc.update(
						"INSERT INTO oauth2_authorization_token (token_hash, authorization_id, token_type) VALUES (?, ?, ?)",
						entry.getKey(), authorizationId, entry.getValue());
			}
		}
	}

	private static Map<String, String> tokenHashes(OAuth2Authorization authorization) {
		Map<String, String> hashes = new HashMap<>();
		String state = authorization.getAttribute(STATE);
		if (state != null) {
			hashes.put(TokenHash.of(state), STATE);
		}
		putToken(hashes, authorization.getToken(OAuth2AuthorizationCode.class), CODE);
		putToken(hashes, authorization.getAccessToken(), ACCESS_TOKEN);
		putToken(hashes, authorization.getRefreshToken(), REFRESH_TOKEN);
		putToken(hashes, authorization.getToken(OidcIdToken.class), ID_TOKEN);
		return hashes;
	}

	private static void putToken(Map<String, String> hashes, OAuth2Authorization.Token<?> token, String type) {
		if (token != null) {
			hashes.put(TokenHash.of(token.getToken().getTokenValue()), type);
		}
	}

	/** When the whole grant is useless: its last token expired (or, with none yet, the pending TTL). */
	private Instant expiresAt(OAuth2Authorization authorization, Instant now) {
		Instant latest = null;
		for (Class<? extends OAuth2Token> type : List.of(OAuth2AuthorizationCode.class,
				org.springframework.security.oauth2.core.OAuth2AccessToken.class, OAuth2RefreshToken.class,
				OidcIdToken.class)) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
			if (token != null && token.getToken().getExpiresAt() != null) {
				Instant expires = token.getToken().getExpiresAt();
				if (latest == null || expires.isAfter(latest)) {
					latest = expires;
				}
			}
		}
		return (latest != null) ? latest : now.plus(this.settings.getPendingTtl());
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Objects.requireNonNull(authorization, "authorization cannot be null");
		this.jdbc.update("DELETE FROM oauth2_authorization WHERE id = ?", authorization.getId());
	}

	@Override
	public OAuth2Authorization findById(String id) {
		if (id == null || id.isEmpty()) {
			return null;
		}
		List<byte[]> rows = this.jdbc.query("SELECT payload FROM oauth2_authorization WHERE id = ?",
				(rs, i) -> rs.getBytes(1), id);
		return rows.isEmpty() ? null : read(id, rows.get(0));
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null || token.isEmpty() || token.length() > 8192) {
			return null;
		}
		record Row(String authorizationId, String type, byte[] payload) {
		}
		List<Row> rows = this.jdbc.query(
				"SELECT t.authorization_id, t.token_type, a.payload FROM oauth2_authorization_token t "
						+ "JOIN oauth2_authorization a ON a.id = t.authorization_id WHERE t.token_hash = ?",
				(rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getBytes(3)), TokenHash.of(token));
		if (rows.isEmpty()) {
			return null;
		}
		Row row = rows.get(0);
		if (ROTATED_REFRESH_TOKEN.equals(row.type())) {
			if (tokenType != null && REFRESH_TOKEN.equals(tokenType.getValue())) {
				revokeFamily(row.authorizationId(), read(row.authorizationId(), row.payload()));
			}
			return null;
		}
		if (tokenType != null && !tokenType.getValue().equals(row.type())) {
			return null;
		}
		return read(row.authorizationId(), row.payload());
	}

	private void revokeFamily(String authorizationId, OAuth2Authorization authorization) {
		this.jdbc.update("DELETE FROM oauth2_authorization WHERE id = ?", authorizationId);
		logger.warn("A rotated refresh token was presented again; revoked the whole grant {}", authorizationId);
		this.audit.event(AuditEventType.REFRESH_TOKEN_REUSE)
			.user(authorization.getPrincipalName(), null)
			.client(authorization.getRegisteredClientId())
			.reason("refresh_token_reuse")
			.detail("authorization=" + authorizationId)
			.record();
	}

	/** Deletes grants that expired longer ago than the grace period; returns how many. */
	public int purgeExpired() {
		Instant cutoff = this.clock.instant().minus(this.settings.getPurgeGrace());
		int total = 0;
		int deleted;
		do {
			List<String> ids = this.jdbc.queryForList(
					"SELECT id FROM oauth2_authorization WHERE expires_at < ? ORDER BY expires_at LIMIT 500",
					String.class, Timestamp.from(cutoff));
			deleted = 0;
			for (String id : ids) {
				deleted += this.jdbc.update("DELETE FROM oauth2_authorization WHERE id = ?", id);
			}
			total += deleted;
		}
		while (deleted == 500);
		return total;
	}

	private static String context(String id) {
		return "authorization:" + id;
	}

	private static byte[] serialize(OAuth2Authorization authorization) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(authorization);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot serialize authorization " + authorization.getId(), ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Decrypts and deserializes a stored grant. The payload is authenticated by AES-GCM under the
	 * master key, so nothing written without that key is ever deserialized.
	 */
	private OAuth2Authorization read(String id, byte[] payload) {
		byte[] plain = this.masterKey.decrypt(payload, context(id));
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(plain))) {
			return (OAuth2Authorization) in.readObject();
		}
		catch (IOException | ClassNotFoundException ex) {
			logger.warn("Stored authorization {} cannot be read (written by an incompatible version?); ignoring it",
					id);
			return null;
		}
	}

}
