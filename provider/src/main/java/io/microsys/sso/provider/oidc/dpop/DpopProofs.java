package io.microsys.sso.provider.oidc.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * DPoP proofs already used (RFC 9449 §11.1), shared by every node through the database: a proof is
 * accepted once, at whichever node it reaches first. A proof is known by its key's thumbprint and
 * its {@code jti}, and remembered for {@link #RETENTION}, longer than the time its {@code iat} is
 * accepted (a minute either way), so a replay is refused for as long as the proof itself would pass.
 */
@Component
public class DpopProofs {

	/** How long a proof stays remembered. */
	static final Duration RETENTION = Duration.ofMinutes(3);

	private static final Logger logger = LoggerFactory.getLogger(DpopProofs.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public DpopProofs(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** What a proof is remembered by, or {@code null} when it is not a signed JWT with a key and a jti. */
	static String identity(String proof) {
		try {
			SignedJWT jwt = SignedJWT.parse(proof);
			JWK key = jwt.getHeader().getJWK();
			String jti = jwt.getJWTClaimsSet().getJWTID();
			if (key == null || jti == null || jti.isEmpty()) {
				return null;
			}
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] hash = sha256.digest((key.computeThumbprint() + " " + jti).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (ParseException | JOSEException | NoSuchAlgorithmException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Records the proof's use; {@code false} when it was used before (within {@link #RETENTION}) or
	 * is unreadable. One conditional insert: of two nodes seeing the same proof at once, one wins.
	 */
	public boolean firstUse(String proof) {
		String identity = identity(proof);
		if (identity == null) {
			return false;
		}
		Instant now = this.clock.instant();
		Timestamp expiresAt = Timestamp.from(now.plus(RETENTION));
		try {
			this.jdbc.update("INSERT INTO sso_dpop_proof (proof_hash, expires_at) VALUES (?, ?)", identity, expiresAt);
			return true;
		}
		catch (DuplicateKeyException ex) {
			// Seen before; counts as new only if that was long ago and the purge has not run yet.
			return this.jdbc.update("UPDATE sso_dpop_proof SET expires_at = ? WHERE proof_hash = ? AND expires_at < ?",
					expiresAt, identity, Timestamp.from(now)) == 1;
		}
	}

	/** Forgets proofs past their retention, 1,000 at a time; returns how many. */
	public int purgeExpired() {
		Timestamp now = Timestamp.from(this.clock.instant());
		int total = 0;
		List<String> hashes;
		do {
			// The keys first, from the expiry index, then the rows by primary key (as the grant purge).
			hashes = this.jdbc.queryForList(
					"SELECT proof_hash FROM sso_dpop_proof WHERE expires_at < ? ORDER BY expires_at LIMIT 1000",
					String.class, now);
			if (hashes.isEmpty()) {
				break;
			}
			total += this.jdbc.update("DELETE FROM sso_dpop_proof WHERE proof_hash IN ("
					+ String.join(",", Collections.nCopies(hashes.size(), "?")) + ") AND expires_at < ?",
					Stream.concat(hashes.stream(), Stream.of(now)).toArray());
		}
		while (hashes.size() == 1000);
		return total;
	}

	@Scheduled(initialDelayString = "${microsys.sso.authorizations.purge-interval:PT1M}",
			fixedDelayString = "${microsys.sso.authorizations.purge-interval:PT1M}")
	void purge() {
		int removed = purgeExpired();
		if (removed > 0) {
			logger.debug("Forgot {} used DPoP proofs", removed);
		}
	}

}
