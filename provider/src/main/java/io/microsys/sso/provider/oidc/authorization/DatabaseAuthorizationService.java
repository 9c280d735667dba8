package io.microsys.sso.provider.oidc.authorization;

import java.io.IOException;
import java.security.Principal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.session.SessionIdHash;

/**
 * Stores grants so that every token lookup is one indexed equality on the SHA-256 of the token
 * value. The authorization itself (tokens included) is serialized and encrypted with the master key.
 * <p>
 * A grant changes by compare-and-set: what {@link #findByToken} and {@link #findById} return
 * carries the row's version, and saving it succeeds only if the row still has that version. So of
 * many requests redeeming one authorization code, or rotating one refresh token, at the same moment
 * exactly one wins; the others are refused with {@code invalid_grant} and change nothing. A grant
 * that has never been stored is inserted, never upserted.
 * <p>
 * A refresh token that has been rotated stays indexed as {@code rotated_refresh_token}: presenting
 * it again revokes the whole grant (the token family), since only a thief would still have it —
 * unless it comes within {@code microsys.sso.authorizations.refresh-reuse-grace} of the rotation,
 * when it is the same client racing itself and is only refused.
 * <p>
 * Access tokens an app obtains for itself are not stored unless revoked ({@link ClientCredentialsTokens}).
 */
@Service
public class DatabaseAuthorizationService implements OAuth2AuthorizationService {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseAuthorizationService.class);

	static final String ROTATED_REFRESH_TOKEN = "rotated_refresh_token";

	/**
	 * Attribute naming the provider session an authorization code was issued in (the hash that ID
	 * tokens carry as {@code sid}).
	 */
	public static final String SESSION_ATTRIBUTE = "io.microsys.sso.sid";

	/**
	 * Attribute carrying what a loaded grant was read at ({@link ReadState}); never stored in the
	 * payload.
	 */
	private static final String VERSION_ATTRIBUTE = DatabaseAuthorizationService.class.getName() + ".version";

	/**
	 * The row version a grant was read at, and its token index as it was then: the index rows of a
	 * grant are the hashes of the tokens in its payload (kept so by every save), and a save only
	 * succeeds on the version it read, so the index need not be read again to be brought in line.
	 * (Rotated refresh tokens stay indexed beside them and are never touched by a save.)
	 */
	private record ReadState(long version, OAuth2Authorization asRead) {

		Map<String, String> indexed() {
			return tokenHashes(this.asRead);
		}

	}

	private static final String STATE = OAuth2ParameterNames.STATE;

	private static final String CODE = OAuth2ParameterNames.CODE;

	private static final String ACCESS_TOKEN = OAuth2TokenType.ACCESS_TOKEN.getValue();

	private static final String REFRESH_TOKEN = OAuth2TokenType.REFRESH_TOKEN.getValue();

	private static final String ID_TOKEN = OidcParameterNames.ID_TOKEN;

	/** The type the framework looks a device code up by (RFC 8628 token request). */
	private static final String DEVICE_CODE = OAuth2ParameterNames.DEVICE_CODE;

	/** The type a user code is looked up by (the person's code entry). */
	private static final String USER_CODE = OAuth2ParameterNames.USER_CODE;

	private final JdbcTemplate jdbc;

	private final MasterKey masterKey;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final AuthorizationProperties settings;

	private final TransactionTemplate transaction;

	private final ClientCredentialsTokens clientCredentialsTokens;

	/** Grants already reported as unreadable by this node. */
	private final java.util.Set<String> reportedUnreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();

	public DatabaseAuthorizationService(JdbcTemplate jdbc, MasterKey masterKey, ApplicationEventPublisher events, Clock clock,
			AuthorizationProperties properties, PlatformTransactionManager transactionManager,
			ClientCredentialsTokens clientCredentialsTokens) {
		this.jdbc = jdbc;
		this.clientCredentialsTokens = clientCredentialsTokens;
		this.masterKey = masterKey;
		this.events = events;
		this.clock = clock;
		this.settings = properties;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Objects.requireNonNull(authorization, "authorization cannot be null");
		ReadState read = authorization.getAttribute(VERSION_ATTRIBUTE);
		Long readVersion = (read != null) ? read.version() : null;
		if (readVersion == null && ClientCredentialsTokens.needsNoStorage(authorization)) {
			return;
		}
		OAuth2Authorization stored = forStorage(authorization);
		Instant now = this.clock.instant();
		Timestamp at = Timestamp.from(now);
		Timestamp expiresAt = Timestamp.from((readVersion == null && isPushedRequest(stored))
				? now.plus(this.settings.getPushedRequestTtl()) : expiresAt(stored, now));
		byte[] payload = this.masterKey.encrypt(AuthorizationPayloads.write(stored), context(stored.getId()));
		Map<String, String> wanted = tokenHashes(stored);
		String sessionIdHash = sessionIdHash(stored);
		this.transaction.executeWithoutResult((status) -> {
			boolean inserted = false;
			if (readVersion == null) {
				try {
					this.jdbc.update("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, "
							+ "grant_type, payload, created_at, updated_at, expires_at, session_id_hash, version) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", stored.getId(), stored.getRegisteredClientId(),
							stored.getPrincipalName(), stored.getAuthorizationGrantType().getValue(), payload, at, at,
							expiresAt, sessionIdHash);
					inserted = true;
				}
				catch (DuplicateKeyException ex) {
					if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(stored.getAuthorizationGrantType())) {
						// An app's own token, revoked by another request at the same moment (only a revoked one
						// is stored). Updating now would wait on the shared lock the failed insert holds, as
						// would the other losers: a deadlock. This request looks again instead.
						throw changedMeanwhile(stored);
					}
					// The same new grant saved a second time within one request: it is that request's own.
					this.jdbc.update("UPDATE oauth2_authorization SET payload = ?, updated_at = ?, expires_at = ?, "
							+ "session_id_hash = COALESCE(?, session_id_hash), version = version + 1 WHERE id = ?",
							payload, at, expiresAt, sessionIdHash, stored.getId());
				}
			}
			else {
				// The person is named when a device grant is approved (it was the app's until then).
				int updated = this.jdbc.update("UPDATE oauth2_authorization SET payload = ?, updated_at = ?, "
						+ "expires_at = ?, session_id_hash = COALESCE(?, session_id_hash), principal_name = ?, "
						+ "version = version + 1 WHERE id = ? AND version = ?", payload, at, expiresAt, sessionIdHash,
						stored.getPrincipalName(), stored.getId(), readVersion);
				if (updated == 0) {
					throw changedMeanwhile(stored);
				}
			}
			syncIndex(stored.getId(), wanted, inserted ? Map.of() : (read != null) ? read.indexed() : null, at);
			if (sessionIdHash != null) {
				rememberSessionClient(sessionIdHash, stored, now);
			}
		});
	}

	/**
	 * Whether the grant is a pushed authorization request (RFC 9126) waiting for its
	 * {@code request_uri}: the request and its state, no person and no token yet.
	 */
	static boolean isPushedRequest(OAuth2Authorization authorization) {
		return authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) != null
				&& authorization.getAttribute(Principal.class.getName()) == null
				&& authorization.getToken(OAuth2AuthorizationCode.class) == null && authorization.getAccessToken() == null
				&& authorization.getRefreshToken() == null;
	}

	/**
	 * Another request changed (or removed) the grant since it was read: this request lost the race
	 * to redeem its code or rotate its refresh token, and gets nothing.
	 */
	private OAuth2AuthenticationException changedMeanwhile(OAuth2Authorization authorization) {
		logger.debug("Grant {} was changed by another request since it was read", authorization.getId());
		return new GrantChangedMeanwhileException();
	}

	/**
	 * The grant as it is stored: without the version it was read at, and with the session it was
	 * issued in when it carries a new authorization code (that save happens in the person's
	 * browser request).
	 */
	private static OAuth2Authorization forStorage(OAuth2Authorization authorization) {
		boolean hasVersion = authorization.getAttribute(VERSION_ATTRIBUTE) != null;
		String issuingSession = null;
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		if (code != null && !code.isInvalidated() && authorization.getAttribute(SESSION_ATTRIBUTE) == null) {
			issuingSession = currentSessionIdHash();
		}
		if (!hasVersion && issuingSession == null) {
			return authorization;
		}
		String session = issuingSession;
		return OAuth2Authorization.from(authorization).attributes((attributes) -> {
			attributes.remove(VERSION_ATTRIBUTE);
			if (session != null) {
				attributes.put(SESSION_ATTRIBUTE, session);
			}
		}).build();
	}

	/** The hash of the session of the browser request being served, if there is one. */
	private static String currentSessionIdHash() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpSession session = attributes.getRequest().getSession(false);
			if (session != null) {
				return SessionIdHash.of(session.getId());
			}
		}
		return null;
	}

	/**
	 * The provider session a grant was issued in: the one its code was issued in, or the {@code sid}
	 * claim of its ID token, or {@code null} when neither is known.
	 */
	private static String sessionIdHash(OAuth2Authorization authorization) {
		String issuingSession = authorization.getAttribute(SESSION_ATTRIBUTE);
		if (issuingSession != null) {
			return issuingSession;
		}
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
		// The time moves on at most once a minute (every refresh of a grant comes here): a row that
		// does not change is not written.
		int updated = this.jdbc.update("UPDATE sso_session_client SET user_uuid = ?, "
				+ "updated_at = CASE WHEN updated_at < ? THEN ? ELSE updated_at END "
				+ "WHERE session_id_hash = ? AND client_id = ?", authorization.getPrincipalName(),
				Timestamp.from(now.minusSeconds(60)), Timestamp.from(now), sessionIdHash, clientId);
		if (updated == 0) {
			try {
				this.jdbc.update(
						"INSERT INTO sso_session_client (session_id_hash, client_id, user_uuid, updated_at) VALUES (?, ?, ?, ?)",
						sessionIdHash, clientId, authorization.getPrincipalName(), Timestamp.from(now));
				signedIn(authorization, clientId);
			}
			catch (DuplicateKeyException ex) {
				// Another token of the same session and app was saved at the same moment: already noted.
			}
		}
	}

	/** Records the session's first grant at the app as a sign-in to it (the app's page lists them). */
	private void signedIn(OAuth2Authorization authorization, long clientPk) {
		String username = (authorization.getAttribute(Principal.class.getName()) instanceof Authentication signedIn
				&& signedIn.getPrincipal() instanceof SsoUserDetails user) ? user.getLoginName() : null;
		this.jdbc.query("SELECT client_id FROM sso_client WHERE id = ?", (rs, row) -> rs.getString(1), clientPk)
			.forEach((clientId) -> this.events
				.publishEvent(new AppSignedIn(authorization.getPrincipalName(), username, clientId)));
	}

	/**
	 * Brings the token index of one grant in line with its current tokens: {@code known} is the
	 * index as it stands (empty for a new grant), or {@code null} to read it. Runs while the grant's
	 * row is locked by this transaction's insert or update, so no other save of it interleaves.
	 */
	private void syncIndex(String authorizationId, Map<String, String> wanted, Map<String, String> known,
			Timestamp now) {
		Map<String, String> existing = known;
		if (existing == null) {
			Map<String, String> read = new HashMap<>();
			this.jdbc.query("SELECT token_hash, token_type FROM oauth2_authorization_token WHERE authorization_id = ?",
					(rs) -> {
						read.put(rs.getString(1), rs.getString(2));
					}, authorizationId);
			existing = read;
		}
		List<Object> gone = new ArrayList<>();
		for (Map.Entry<String, String> entry : existing.entrySet()) {
			if (wanted.containsKey(entry.getKey())) {
				continue;
			}
			if (REFRESH_TOKEN.equals(entry.getValue())) {
				this.jdbc.update(
						"UPDATE oauth2_authorization_token SET token_type = ?, rotated_at = ? WHERE token_hash = ?",
						ROTATED_REFRESH_TOKEN, now, entry.getKey());
			}
			else if (!ROTATED_REFRESH_TOKEN.equals(entry.getValue())) {
				gone.add(entry.getKey());
			}
		}
		if (!gone.isEmpty()) {
			gone.add(authorizationId);
			this.jdbc.update("DELETE FROM oauth2_authorization_token WHERE token_hash IN ("
					+ String.join(", ", Collections.nCopies(gone.size() - 1, "?")) + ") AND authorization_id = ?",
					gone.toArray());
		}
		List<Object> added = new ArrayList<>();
		for (Map.Entry<String, String> entry : wanted.entrySet()) {
			if (!existing.containsKey(entry.getKey())) {
				added.add(entry.getKey());
				added.add(authorizationId);
				added.add(entry.getValue());
			}
		}
		if (!added.isEmpty()) {
			this.jdbc.update("INSERT INTO oauth2_authorization_token (token_hash, authorization_id, token_type) VALUES "
					+ String.join(", ", Collections.nCopies(added.size() / 3, "(?, ?, ?)")), added.toArray());
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
		putToken(hashes, authorization.getToken(OAuth2DeviceCode.class), DEVICE_CODE);
		putToken(hashes, authorization.getToken(OAuth2UserCode.class), USER_CODE);
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
				OidcIdToken.class, OAuth2DeviceCode.class)) {
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

	/**
	 * Revokes every grant this person holds at this app (its refresh and access tokens stop working
	 * at once): their membership there was removed, deactivated or lowered. Returns how many.
	 * @param registeredClientId the app's registered-client id (its row id as text)
	 */
	public int revokeFor(String principalName, String registeredClientId) {
		return this.jdbc.update("DELETE FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id = ?",
				principalName, registeredClientId);
	}

	/**
	 * Removes a grant. Removing a pushed authorization request is how its {@code request_uri} is used
	 * up, after the authorization server issued a code (or showed consent) for it: when another
	 * request removed it first, the two used the same {@code request_uri} at once, and this one is
	 * refused (what it issued is never sent, and expires unused).
	 */
	@Override
	public void remove(OAuth2Authorization authorization) {
		Objects.requireNonNull(authorization, "authorization cannot be null");
		int removed = this.jdbc.update("DELETE FROM oauth2_authorization WHERE id = ?", authorization.getId());
		if (removed == 0 && isPushedRequest(authorization)) {
			// This type: the authorization endpoint words only its own exception as an error response.
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "The request_uri was already used.", null), null);
		}
	}

	@Override
	public OAuth2Authorization findById(String id) {
		if (id == null || id.isEmpty() || id.length() > 100) {
			return null;
		}
		record Row(byte[] payload, long version) {
		}
		List<Row> rows = this.jdbc.query("SELECT payload, version FROM oauth2_authorization WHERE id = ?",
				(rs, i) -> new Row(rs.getBytes(1), rs.getLong(2)), id);
		return rows.isEmpty() ? null : read(id, rows.get(0).payload(), rows.get(0).version());
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null || token.isEmpty() || token.length() > 8192) {
			return null;
		}
		record Row(String authorizationId, String type, Timestamp rotatedAt, byte[] payload, long version,
				Timestamp expiresAt) {
		}
		List<Row> rows = this.jdbc.query(
				"SELECT t.authorization_id, t.token_type, t.rotated_at, a.payload, a.version, a.expires_at "
						+ "FROM oauth2_authorization_token t "
						+ "JOIN oauth2_authorization a ON a.id = t.authorization_id WHERE t.token_hash = ?",
				(rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getBytes(4),
						rs.getLong(5), rs.getTimestamp(6)),
				TokenHash.of(token));
		if (rows.isEmpty()) {
			return (tokenType == null || ACCESS_TOKEN.equals(tokenType.getValue()))
					? this.clientCredentialsTokens.find(token) : null;
		}
		Row row = rows.get(0);
		if (ROTATED_REFRESH_TOKEN.equals(row.type())) {
			if (tokenType != null && REFRESH_TOKEN.equals(tokenType.getValue())) {
				OAuth2Authorization authorization = read(row.authorizationId(), row.payload(), row.version());
				if (withinReuseGrace(row.rotatedAt())) {
					logger.debug("A refresh token of grant {} was presented again just after its rotation",
							row.authorizationId());
				}
				else if (authorization != null) {
					revokeFamily(row.authorizationId(), authorization);
				}
			}
			return null;
		}
		if (tokenType != null && !tokenType.getValue().equals(row.type())) {
			return null;
		}
		OAuth2Authorization authorization = read(row.authorizationId(), row.payload(), row.version());
		if (authorization != null && STATE.equals(row.type()) && isPushedRequest(authorization)
				&& row.expiresAt().toInstant().isBefore(this.clock.instant())) {
			// The request_uri's lifetime is ours (expires_in), shorter than the one written into it.
			return null;
		}
		return authorization;
	}

	/** Whether a rotated refresh token comes back so soon that it is its own client racing itself. */
	private boolean withinReuseGrace(Timestamp rotatedAt) {
		return rotatedAt != null && !rotatedAt.toInstant()
			.plus(this.settings.getRefreshReuseGrace())
			.isBefore(this.clock.instant());
	}

	private void revokeFamily(String authorizationId, OAuth2Authorization authorization) {
		this.jdbc.update("DELETE FROM oauth2_authorization WHERE id = ?", authorizationId);
		logger.warn("A rotated refresh token was presented again; revoked the whole grant {}", authorizationId);
		this.events.publishEvent(new RefreshTokenReused(authorization.getPrincipalName(),
				authorization.getRegisteredClientId(), authorizationId));
	}

	/**
	 * Deletes grants that expired longer ago than the grace period, 500 rows a statement (their
	 * tokens go with them), so each transaction stays short; returns how many.
	 */
	public int purgeExpired() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(this.settings.getPurgeGrace()));
		int total = 0;
		int deleted;
		List<String> ids;
		do {
			// The ids first, from the expiry index alone (oldest first), then the rows by primary key:
			// a DELETE … LIMIT with the range may be planned as a walk of the whole table once many rows
			// qualify, and it locks what it walks.
			ids = this.jdbc.queryForList(
					"SELECT id FROM oauth2_authorization WHERE expires_at < ? ORDER BY expires_at LIMIT 500", String.class,
					cutoff);
			if (ids.isEmpty()) {
				break;
			}
			String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
			deleted = this.jdbc.update("DELETE FROM oauth2_authorization WHERE id IN (" + marks + ")", ids.toArray());
			total += deleted;
		}
		while (ids.size() == 500);
		return total;
	}

	/** Logs and audits a grant that cannot be read, once per grant and node (it is read on every use). */
	private void unreadable(String id, Exception ex) {
		if (this.reportedUnreadable.size() > 10_000) {
			this.reportedUnreadable.clear();
		}
		if (!this.reportedUnreadable.add(id)) {
			return;
		}
		String why = (ex instanceof MasterKey.WrongKeyException) ? "cannot be decrypted"
				: (ex instanceof java.io.InvalidClassException) ? "holds a class that is not allowed"
						: "cannot be decoded";
		logger.warn("Stored authorization {} {} ({}); its tokens are refused", id, why, ex.getClass().getSimpleName());
		this.events.publishEvent(new GrantUnreadable(id, why));
	}

	private static String context(String id) {
		return "authorization:" + id;
	}

	/** A grant stored before the compact format, by Java serialization (allow-listed classes only). */
	private static OAuth2Authorization javaSerialized(byte[] plain) throws IOException, ClassNotFoundException {
		if (AuthorizationPayloads.readJavaSerialized(plain) instanceof OAuth2Authorization authorization) {
			return authorization;
		}
		throw new IOException("Not a stored authorization");
	}

	/**
	 * Decrypts and decodes a stored grant, marked with the version it was read at. The payload is
	 * authenticated by AES-GCM under the master key, so nothing written without that key is ever
	 * decoded. A grant that cannot be opened or decoded is treated as absent (its tokens are refused
	 * like unknown ones) and audited once per node.
	 */
	private OAuth2Authorization read(String id, byte[] payload, long version) {
		OAuth2Authorization authorization;
		try {
			byte[] plain = this.masterKey.decrypt(payload, context(id));
			authorization = AuthorizationPayloads.isCompact(plain) ? AuthorizationPayloads.read(plain)
					: javaSerialized(plain);
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			unreadable(id, ex);
			return null;
		}
		return OAuth2Authorization.from(authorization)
			.attribute(VERSION_ATTRIBUTE, new ReadState(version, authorization))
			.build();
	}

}
