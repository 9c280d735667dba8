package io.microsys.sso.provider.oidc.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.crypto.MasterKey;

/**
 * Creates, rotates and loads the signing keys that every node shares through the database. The
 * decrypted key set is cached per node and re-read every {@code microsys.sso.keys.refresh-interval}.
 * A new key signs only once it has been published for {@code microsys.sso.keys.publish-ahead}
 * (longer than the refresh interval): by then every node's JWKS lists it, so an app that fetches
 * the keys through a load balancer finds each token's key whichever node answers.
 */
@Service
public class SigningKeyService {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyService.class);

	/**
	 * How often at most a token with an unknown key id makes this node re-read the keys early (so
	 * made-up key ids cannot turn every request into a database query).
	 */
	private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(1);

	/** Added to the longest token lifetime when deciding how long a retired key stays published. */
	private static final Duration SKEW = Duration.ofMinutes(5);

	private final SigningKeyRepository repository;

	private final ClientRepository clients;

	private final MasterKey masterKey;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final KeyProperties settings;

	private final TransactionTemplate transaction;

	private volatile KeySet cached;

	public SigningKeyService(SigningKeyRepository repository, ClientRepository clients, MasterKey masterKey,
			ApplicationEventPublisher events, Clock clock, KeyProperties properties, PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.clients = clients;
		this.masterKey = masterKey;
		this.events = events;
		this.clock = clock;
		this.settings = properties;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** The keys as this node sees them: the one that signs, and every one that is published. */
	public record KeySet(RSAKey signing, List<JWK> published, Instant loadedAt) {
	}

	/**
	 * Makes sure an active key exists (first start), rotates when asked to at start-up, and loads
	 * the key set: a master key that cannot decrypt the stored keys stops start-up here, instead of
	 * a provider that reports itself healthy and fails every token request.
	 */
	public void initialize() {
		boolean firstStart = this.transaction
			.execute((status) -> this.repository.findByStatusOrderByCreatedAtDesc(SigningKey.Status.ACTIVE).isEmpty());
		if (firstStart || this.settings.isRotate()) {
			// Generated before the lock: nodes starting together wait for each other only briefly.
			SigningKey fresh = generate();
			this.transaction.executeWithoutResult((status) -> {
				this.repository.lockForStartUp();
				if (this.repository.findByStatusOrderByCreatedAtDesc(SigningKey.Status.ACTIVE).isEmpty()) {
					SigningKey created = this.repository.save(fresh);
					logger.info("Created the first signing key {}", created.getKid());
					this.events.publishEvent(new SigningKeyCreated(created.getKid()));
				}
				else if (this.settings.isRotate()) {
					rotateInTransaction(fresh);
				}
			});
		}
		this.cached = null;
		try {
			this.cached = load(this.clock.instant());
		}
		catch (MasterKey.WrongKeyException ex) {
			throw new IllegalStateException("The master key cannot decrypt the signing keys stored in the database: "
					+ "it is not the key this database was set up with. Set MICROSYS_SSO_MASTER_KEY (or restore "
					+ MasterKey.KEY_FILE + " in the data folder) to that key; without it no stored key or token "
					+ "can be used.", ex);
		}
	}

	/**
	 * Adds a new active key, which signs once it has been published for the publish-ahead time; the
	 * previous ones stay published until tokens they signed expire.
	 */
	public String rotate() {
		SigningKey fresh = generate();
		String kid = this.transaction.execute((status) -> rotateInTransaction(fresh));
		this.cached = null;
		return kid;
	}

	private String rotateInTransaction(SigningKey fresh) {
		Instant now = this.clock.instant();
		// A retired key may still sign for the publish-ahead time, and a node's cached set for one
		// more refresh interval after that.
		Instant publishedUntil = now.plus(this.settings.effectivePublishAhead())
			.plus(this.settings.getRefreshInterval())
			.plus(longestTokenLifetime())
			.plus(SKEW);
		List<String> retired = new ArrayList<>();
		for (SigningKey key : this.repository.findByStatusOrderByCreatedAtDesc(SigningKey.Status.ACTIVE)) {
			key.retire(now, publishedUntil);
			retired.add(key.getKid());
		}
		this.repository.deleteExpired(now);
		SigningKey created = this.repository.save(fresh);
		logger.info("Rotated signing keys: {} is active, {} stay published until {}", created.getKid(), retired,
				publishedUntil);
		this.events.publishEvent(new SigningKeyRotated(created.getKid(), retired));
		return created.getKid();
	}

	private Duration longestTokenLifetime() {
		int longest = this.clients.findAll()
			.stream()
			.mapToInt(SsoClient::getAccessTokenTtlSeconds)
			.max()
			.orElse(SsoClient.DEFAULT_ACCESS_TOKEN_TTL);
		return Duration.ofSeconds(Math.max(longest, SsoClient.DEFAULT_ACCESS_TOKEN_TTL));
	}

	private SigningKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(Math.max(2048, this.settings.getRsaKeySize()));
			KeyPair pair = generator.generateKeyPair();
			String kid = UUID.randomUUID().toString();
			RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
			byte[] sealed = this.masterKey.encrypt(pair.getPrivate().getEncoded(), context(kid));
			return new SigningKey(kid, "RS256", publicJwk.toJSONString(), sealed, this.clock.instant());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an RSA signing key", ex);
		}
	}

	private static String context(String kid) {
		return "signing-key:" + kid;
	}

	/** The current key set, re-read from the database when the cached copy is stale. */
	public KeySet current() {
		KeySet set = this.cached;
		Instant now = this.clock.instant();
		if (set == null || set.loadedAt().plus(this.settings.getRefreshInterval()).isBefore(now)) {
			set = load(now);
			this.cached = set;
		}
		return set;
	}

	/**
	 * The current key set, re-read at once when it does not publish {@code kid}: another node may
	 * have rotated, and its new tokens must be accepted here before the next regular refresh.
	 */
	public KeySet current(String kid) {
		KeySet set = current();
		if (kid == null || set.published().stream().anyMatch((key) -> kid.equals(key.getKeyID()))) {
			return set;
		}
		Instant now = this.clock.instant();
		if (set.loadedAt().plus(UNKNOWN_KID_RELOAD).isBefore(now)) {
			set = load(now);
			this.cached = set;
		}
		return set;
	}

	private KeySet load(Instant now) {
		List<SigningKey> keys = this.transaction.execute((status) -> this.repository.findPublished(now));
		SigningKey signingKey = signingKey(keys, now);
		RSAKey signing = null;
		List<JWK> published = new ArrayList<>();
		for (SigningKey key : keys) {
			try {
				RSAKey publicJwk = RSAKey.parse(key.getPublicJwk());
				published.add(publicJwk);
				if (key == signingKey) {
					byte[] pkcs8 = this.masterKey.decrypt(key.getPrivateKey(), context(key.getKid()));
					RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
						.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
					signing = new RSAKey.Builder(publicJwk).privateKey(privateKey).build();
				}
			}
			catch (ParseException | GeneralSecurityException ex) {
				throw new IllegalStateException("Stored signing key " + key.getKid() + " cannot be read", ex);
			}
		}
		if (signing == null) {
			throw new IllegalStateException("No active signing key in the database");
		}
		return new KeySet(signing, List.copyOf(published), now);
	}

	/**
	 * The newest published key that has been published for the publish-ahead time; while every key
	 * is younger (a first start, or rotations in quick succession), the one published longest.
	 */
	private SigningKey signingKey(List<SigningKey> newestFirst, Instant now) {
		if (newestFirst.stream().noneMatch((key) -> key.getStatus() == SigningKey.Status.ACTIVE)) {
			return null;
		}
		Instant publishedBy = now.minus(this.settings.effectivePublishAhead());
		for (SigningKey key : newestFirst) {
			if (!key.getCreatedAt().isAfter(publishedBy)) {
				return key;
			}
		}
		return newestFirst.get(newestFirst.size() - 1);
	}

}
