package io.microsys.sso.provider.throttle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.support.NameKeys;

/**
 * Slows down password guessing, in the database so that every node shares the counts. Failures
 * are counted per typed username (stored only as a hash, whether or not such an account exists)
 * and per IP address. Past a threshold, each failure blocks that key for twice as long as the
 * previous one, from {@code initial-block} up to {@code max-block}; a blocked attempt is refused
 * without checking the password and does not lengthen the block, so a lock lasts at most
 * {@code max-block} after the last real failure. A successful sign-in clears its username's count.
 * <p>
 * An attempt is counted before the expensive check ({@link #signIn}, {@link #secondFactor},
 * {@link #clientAuthentication}): one conditional update reserves it only while the key is not
 * blocked, and the reservation that reaches the threshold sets the block at once, so a burst of
 * simultaneous attempts lets at most the threshold through. A failure keeps its reservation; a
 * success clears the person's (or app's) count and gives the address its slot back.
 */
@Service
public class LoginThrottle {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final LoginThrottleProperties settings;

	private final ClientThrottleProperties clientSettings;

	private final TransactionTemplate ownTransaction;

	private final SecuritySettings thresholds;

	@Autowired
	public LoginThrottle(JdbcTemplate jdbc, Clock clock, LoginThrottleProperties settings,
			ClientThrottleProperties clientSettings, PlatformTransactionManager transactionManager,
			SecuritySettings thresholds) {
		this.thresholds = thresholds;
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings;
		this.clientSettings = clientSettings;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		// A reservation must be seen by every other request before the check it guards starts.
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** A throttle on {@code jdbc}'s data source alone (tests). */
	public LoginThrottle(JdbcTemplate jdbc, Clock clock, LoginThrottleProperties settings,
			ClientThrottleProperties clientSettings) {
		this(jdbc, clock, settings, clientSettings, new DataSourceTransactionManager(jdbc.getDataSource()));
	}

	/** A throttle with its properties' thresholds alone (tests). */
	public LoginThrottle(JdbcTemplate jdbc, Clock clock, LoginThrottleProperties settings,
			ClientThrottleProperties clientSettings, PlatformTransactionManager transactionManager) {
		this(jdbc, clock, settings, clientSettings, transactionManager, SecuritySettings.none());
	}

	/**
	 * Counts a sign-in attempt with this username from this address before its password is
	 * checked, or refuses it while either is blocked. A blocked username is let through (still
	 * counted against the address) when {@code pastAccountBlock} says so: a browser its person
	 * trusted.
	 */
	public Attempt signIn(String username, String ip, BooleanSupplier pastAccountBlock) {
		return attempt(accountKey(username), "account", accountLimit(), (ip != null) ? ipKey(ip) : null, ipLimit(),
				pastAccountBlock);
	}

	/**
	 * Counts a second-factor code (or current password) of this person from this address before it
	 * is checked, or refuses it while either is blocked.
	 */
	public Attempt secondFactor(String userUuid, String ip) {
		return attempt(secondFactorKey(userUuid), "account", accountLimit(), (ip != null) ? ipKey(ip) : null,
				ipLimit(), () -> false);
	}

	/**
	 * Counts a user code (device authorization grant) that this person typed from this address
	 * before it is looked up, or refuses it while either is blocked, so that codes cannot be
	 * guessed.
	 */
	public Attempt userCode(String userUuid, String ip) {
		return attempt(userCodeKey(userUuid), "account", accountLimit(), (ip != null) ? userCodeIpKey(ip) : null,
				ipLimit(), () -> false);
	}

	/**
	 * Counts a client authentication with a secret before the secret is hashed, or refuses it while
	 * the client id or the address is blocked. {@code clientId} is null for an unknown app: only
	 * the address counts then.
	 */
	public Attempt clientAuthentication(String clientId, String ip) {
		return attempt((clientId != null) ? clientKey(clientId) : null, "client", clientLimit(),
				(ip != null) ? clientIpKey(ip) : null, clientIpLimit(), () -> false);
	}

	/**
	 * Why and until when authentications of this app or from this address are refused, if they
	 * are; a read only, for secrets verified before (nothing to hash, so nothing to reserve).
	 */
	public Optional<Block> clientAuthenticationBlocked(String clientId, String ip) {
		String client = clientKey(clientId);
		String address = (ip != null) ? clientIpKey(ip) : client;
		List<Block> blocks = this.jdbc.query(
				"SELECT throttle_key, blocked_until FROM sso_login_throttle WHERE throttle_key IN (?, ?) "
						+ "AND blocked_until > ? ORDER BY blocked_until DESC",
				(rs, row) -> new Block(client.equals(rs.getString(1)) ? "client" : "ip",
						rs.getTimestamp(2).toInstant()),
				client, address, Timestamp.from(this.clock.instant()));
		return blocks.stream().findFirst();
	}

	/**
	 * The attempt was right: the person's (or app's) count is cleared, the address gets its slot
	 * back.
	 */
	public void succeeded(Attempt attempt) {
		if (attempt.personKey != null) {
			forget(attempt.personKey);
		}
		if (attempt.address != null) {
			release(attempt.address);
		}
	}

	/**
	 * The attempt was right but proves too little to clear the count (a current password, on the
	 * counter of second-factor codes): only its own slots are given back.
	 */
	public void uncounted(Attempt attempt) {
		if (attempt.person != null) {
			release(attempt.person);
		}
		if (attempt.address != null) {
			release(attempt.address);
		}
	}

	/**
	 * The attempt was wrong: it stays counted (one let past its account's block is counted now, and
	 * lengthens that block). Answers the block this failure started, if it started one.
	 */
	public Optional<Block> failed(Attempt attempt) {
		if (attempt.pastAccountBlock) {
			count(attempt.personKey, attempt.personLimit.threshold());
		}
		if (attempt.person != null && attempt.person.blockSet() != null) {
			return Optional.of(new Block(attempt.personReason, attempt.person.blockSet()));
		}
		if (attempt.address != null && attempt.address.blockSet() != null) {
			return Optional.of(new Block("ip", attempt.address.blockSet()));
		}
		return Optional.empty();
	}

	/** Why and how long sign-ins with this username or from this address are blocked, if they are. */
	public Optional<Block> blocked(String username, String ip) {
		return blockedFor(accountKey(username), ip);
	}

	/** Counts a failed sign-in against the username and the address. */
	public void failed(String username, String ip) {
		countFailure(accountKey(username), ip);
	}

	/** Clears the username's failures after a correct password. */
	public void succeeded(String username) {
		forget(accountKey(username));
	}

	/**
	 * Until when second-factor codes (and current-password checks) of this person are refused, if
	 * they are: the same growing blocks as for passwords, counted per person and per address.
	 */
	public Optional<Block> secondFactorBlocked(String userUuid, String ip) {
		return blockedFor(secondFactorKey(userUuid), ip);
	}

	/** Counts a wrong code (or current password) against the person and the address. */
	public void secondFactorFailed(String userUuid, String ip) {
		countFailure(secondFactorKey(userUuid), ip);
	}

	/** Clears the person's failed codes after a right one. */
	public void secondFactorSucceeded(String userUuid) {
		forget(secondFactorKey(userUuid));
	}

	/**
	 * How sign-ins of one person stand: the failures counted lately and the block, if any, over
	 * the names they sign in with (username, email) and their codes and current-password checks.
	 */
	public AccountState accountState(String userUuid, String... logins) {
		Instant now = this.clock.instant();
		List<String> keys = personKeys(userUuid, logins);
		String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
		Instant stale = now.minus(this.settings.getForgetAfter());
		int[] failures = { 0 };
		Instant[] until = { null };
		this.jdbc.query("SELECT failures, blocked_until, updated_at FROM sso_login_throttle WHERE throttle_key IN ("
				+ marks + ")", (rs) -> {
					if (!rs.getTimestamp(3).toInstant().isBefore(stale)) {
						failures[0] += rs.getInt(1);
					}
					Timestamp blocked = rs.getTimestamp(2);
					if (blocked != null && blocked.toInstant().isAfter(now)
							&& (until[0] == null || blocked.toInstant().isAfter(until[0]))) {
						until[0] = blocked.toInstant();
					}
				}, keys.toArray());
		return new AccountState(failures[0], until[0]);
	}

	/**
	 * Forgets the failures and blocks of one person (their names and their codes), as staff
	 * unblocking them; the addresses they came from stay counted. Returns how many counts went.
	 */
	public int unblockAccount(String userUuid, String... logins) {
		List<String> keys = personKeys(userUuid, logins);
		String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
		int[] deleted = { 0 };
		retryingOnLock(() -> deleted[0] = this.jdbc
			.update("DELETE FROM sso_login_throttle WHERE throttle_key IN (" + marks + ")", keys.toArray()));
		return deleted[0];
	}

	private static List<String> personKeys(String userUuid, String... logins) {
		List<String> keys = new ArrayList<>();
		keys.add(secondFactorKey(userUuid));
		for (String login : logins) {
			if (login != null && !login.isBlank() && !keys.contains(accountKey(login))) {
				keys.add(accountKey(login));
			}
		}
		return keys;
	}

	/**
	 * One person's sign-in throttle as staff see it.
	 * @param failures failures counted lately (not yet forgotten)
	 * @param blockedUntil until when sign-ins with their names (or their codes) are refused, or null
	 */
	public record AccountState(int failures, Instant blockedUntil) {

		public boolean blocked() {
			return this.blockedUntil != null;
		}

	}

	/**
	 * Whether this address may make the provider send another email (a reset link, a
	 * confirmation): each request counts, and past {@code mail-threshold} of them the address is
	 * blocked like a guessing one. Stops one address from mailing many accounts.
	 */
	public boolean mayMail(String ip) {
		if (ip == null) {
			return true;
		}
		String key = "m:" + shortened(ip);
		if (blockOf(key, this.clock.instant()).isPresent()) {
			return false;
		}
		count(key, mailThreshold());
		return true;
	}

	/**
	 * Whether this address may sign up another account: at most {@code perHour} attempts in an
	 * hour, counted from the first one; every attempt counts, accepted or not.
	 */
	public boolean mayRegister(String ip, int perHour) {
		if (ip == null) {
			return true;
		}
		String key = "r:" + shortened(ip);
		Instant now = this.clock.instant();
		Timestamp at = Timestamp.from(now);
		Timestamp windowEnd = Timestamp.from(now.plus(Duration.ofHours(1)));
		int updated = this.jdbc.update("UPDATE sso_login_throttle SET "
				+ "failures = CASE WHEN blocked_until <= ? THEN 1 ELSE failures + 1 END, "
				+ "blocked_until = CASE WHEN blocked_until <= ? THEN ? ELSE blocked_until END, updated_at = ? "
				+ "WHERE throttle_key = ?", at, at, windowEnd, at, key);
		if (updated == 0 && !insert(key, 1, windowEnd, at)) {
			return mayRegister(ip, perHour); // another request made the row meanwhile
		}
		Integer attempts = this.jdbc.queryForObject("SELECT failures FROM sso_login_throttle WHERE throttle_key = ?",
				Integer.class, key);
		return attempts == null || attempts <= perHour;
	}

	/**
	 * Whether something keyed by {@code what} (a notice to one person, say) may happen now: true at
	 * most once per {@code period}, on every node.
	 */
	public boolean oncePer(String what, Duration period) {
		String key = "o:" + sha256(what);
		Instant now = this.clock.instant();
		int claimed = this.jdbc.update(
				"UPDATE sso_login_throttle SET blocked_until = ?, updated_at = ? WHERE throttle_key = ? "
						+ "AND (blocked_until IS NULL OR blocked_until <= ?)",
				Timestamp.from(now.plus(period)), Timestamp.from(now), key, Timestamp.from(now));
		return claimed == 1 || insert(key, 0, Timestamp.from(now.plus(period)), Timestamp.from(now));
	}

	/**
	 * Reserves an attempt at the one-time setup code from this address, before the code is checked:
	 * empty when it may be checked, the block when the address already made {@code account-threshold}
	 * attempts (it is then refused for {@code max-block}, after which it may try that many again).
	 * A right code forgets the count ({@link #setupCodeAccepted}).
	 */
	public Optional<Block> setupCodeAttempt(String ip) {
		String key = setupKey(ip);
		Instant now = this.clock.instant();
		Optional<Instant> blocked = blockOf(key, now);
		if (blocked.isPresent()) {
			return Optional.of(new Block("ip", blocked.get()));
		}
		Timestamp at = Timestamp.from(now);
		int updated = this.jdbc.update("UPDATE sso_login_throttle SET failures = CASE WHEN updated_at < ? THEN 1 "
				+ "ELSE failures + 1 END, updated_at = ? WHERE throttle_key = ?",
				Timestamp.from(now.minus(this.settings.getForgetAfter())), at, key);
		if (updated == 0 && !insert(key, 1, null, at)) {
			return setupCodeAttempt(ip); // another request made the row meanwhile
		}
		List<Integer> attempts = this.jdbc.queryForList(
				"SELECT failures FROM sso_login_throttle WHERE throttle_key = ?", Integer.class, key);
		if (attempts.isEmpty() || attempts.get(0) == null || attempts.get(0) <= accountThreshold()) {
			return Optional.empty();
		}
		Instant until = now.plus(this.settings.getMaxBlock());
		this.jdbc.update("UPDATE sso_login_throttle SET failures = 0, blocked_until = ? WHERE throttle_key = ?",
				Timestamp.from(until), key);
		return Optional.of(new Block("ip", until));
	}

	/** Forgets the address's setup-code attempts after a right code. */
	public void setupCodeAccepted(String ip) {
		forget(setupKey(ip));
	}

	private Optional<Block> blockedFor(String personKey, String ip) {
		Instant now = this.clock.instant();
		Optional<Block> person = blockOf(personKey, now).map((until) -> new Block("account", until));
		if (person.isPresent()) {
			return person;
		}
		return (ip != null) ? blockOf(ipKey(ip), now).map((until) -> new Block("ip", until)) : Optional.empty();
	}

	private void countFailure(String personKey, String ip) {
		count(personKey, accountThreshold());
		if (ip != null) {
			count(ipKey(ip), ipThreshold());
		}
	}

	private void forget(String key) {
		retryingOnLock(() -> this.jdbc.update("DELETE FROM sso_login_throttle WHERE throttle_key = ?", key));
	}

	/** Runs a one-row statement again when the database chose it as a deadlock victim. */
	private void retryingOnLock(Runnable statement) {
		for (int tries = 1;; tries++) {
			try {
				statement.run();
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				if (tries == 3) {
					throw ex;
				}
			}
		}
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT5M")
	void forgetOld() {
		Instant now = this.clock.instant();
		this.jdbc.update(
				"DELETE FROM sso_login_throttle WHERE updated_at < ? AND (blocked_until IS NULL OR blocked_until < ?)",
				Timestamp.from(now.minus(longest(this.settings.getForgetAfter(), this.clientSettings.getForgetAfter()))),
				Timestamp.from(now));
	}

	private static Duration longest(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

	private Attempt attempt(String personKey, String personReason, Limit personLimit, String addressKey,
			Limit addressLimit, BooleanSupplier pastPersonBlock) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Reservation person = null;
		boolean pastBlock = false;
		if (personKey != null) {
			Reserved reserved = reserve(personKey, personLimit, now);
			if (reserved.blockedUntil() != null) {
				if (!pastPersonBlock.getAsBoolean()) {
					return Attempt.refused(new Block(personReason, reserved.blockedUntil()));
				}
				pastBlock = true;
			}
			else {
				person = reserved.reservation();
			}
		}
		Reservation address = null;
		if (addressKey != null) {
			Reserved reserved = reserve(addressKey, addressLimit, now);
			if (reserved.blockedUntil() != null) {
				if (person != null) {
					release(person); // an attempt refused for its address does not count against the person
				}
				return Attempt.refused(new Block("ip", reserved.blockedUntil()));
			}
			address = reserved.reservation();
		}
		return new Attempt(personKey, personReason, personLimit, person, pastBlock, address, null);
	}

	/**
	 * Reserves one attempt on {@code key} unless it is blocked: one conditional update counts it
	 * and, when the count reaches the threshold, blocks the key (twice as long for each failure
	 * beyond), in a transaction of its own that reads back what it set.
	 */
	private Reserved reserve(String key, Limit limit, Instant now) {
		List<Object> arguments = new ArrayList<>();
		String sql = reserveSql(key, limit, now, arguments);
		for (int tries = 0; tries < 10; tries++) {
			Optional<Instant> set;
			try {
				set = this.ownTransaction.execute((status) -> {
					if (this.jdbc.update(sql, arguments.toArray()) == 0) {
						return null;
					}
					Timestamp until = this.jdbc.queryForObject(
							"SELECT blocked_until FROM sso_login_throttle WHERE throttle_key = ?", Timestamp.class, key);
					return Optional.ofNullable(until).map(Timestamp::toInstant).filter((at) -> at.isAfter(now));
				});
			}
			catch (PessimisticLockingFailureException ex) {
				continue; // rolled back as a deadlock victim: nothing was reserved
			}
			if (set != null) {
				return Reserved.granted(new Reservation(key, set.orElse(null)));
			}
			Optional<Instant> blocked = blockOf(key, now);
			if (blocked.isPresent()) {
				return Reserved.refused(blocked.get());
			}
			Instant firstBlock = (limit.threshold() <= 1) ? now.plus(limit.blockFor(0)) : null;
			if (insert(key, 1, (firstBlock != null) ? Timestamp.from(firstBlock) : null, Timestamp.from(now))) {
				return Reserved.granted(new Reservation(key, firstBlock));
			}
			// Another request made the row meanwhile, or its block ended meanwhile: again.
		}
		return Reserved.refused(now.plus(limit.blockFor(0)));
	}

	/**
	 * The reservation's update. The new block is chosen by the new count from the block lengths
	 * listed as arguments (the count is never read before). {@code blocked_until} is assigned
	 * before {@code failures} because MySQL evaluates assignments in order, each seeing the ones
	 * before it, while H2 lets all see the old row: in this order both see the old row.
	 */
	private static String reserveSql(String key, Limit limit, Instant now, List<Object> arguments) {
		Timestamp stale = Timestamp.from(now.minus(limit.forgetAfter()));
		StringBuilder sql = new StringBuilder("UPDATE sso_login_throttle SET blocked_until = CASE WHEN updated_at < ? THEN ");
		arguments.add(stale);
		if (limit.threshold() <= 1) {
			sql.append("?");
			arguments.add(Timestamp.from(now.plus(limit.blockFor(0))));
		}
		else {
			sql.append("blocked_until");
		}
		sql.append(" WHEN failures + 1 < ? THEN blocked_until");
		arguments.add(limit.threshold());
		int over = 0;
		while (over < 40 && limit.blockFor(over).compareTo(limit.maxBlock()) < 0) {
			sql.append(" WHEN failures + 1 = ? THEN ?");
			arguments.add(limit.threshold() + over);
			arguments.add(Timestamp.from(now.plus(limit.blockFor(over))));
			over++;
		}
		sql.append(" ELSE ? END, failures = CASE WHEN updated_at < ? THEN 1 ELSE failures + 1 END, updated_at = ? ")
			.append("WHERE throttle_key = ? AND (blocked_until IS NULL OR blocked_until <= ?)");
		arguments.add(Timestamp.from(now.plus(limit.maxBlock())));
		arguments.add(stale);
		arguments.add(Timestamp.from(now));
		arguments.add(key);
		arguments.add(Timestamp.from(now));
		return sql.toString();
	}

	/** Gives a reserved slot back (a right attempt): one fewer, and the block it set, if any, ends. */
	private void release(Reservation reservation) {
		retryingOnLock(() -> this.jdbc.update("UPDATE sso_login_throttle SET "
				+ "blocked_until = CASE WHEN blocked_until = ? THEN NULL ELSE blocked_until END, "
				+ "failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END WHERE throttle_key = ?",
				(reservation.blockSet() != null) ? Timestamp.from(reservation.blockSet()) : null, reservation.key()));
	}

	private Optional<Instant> blockOf(String key, Instant now) {
		List<Timestamp> until = this.jdbc.query(
				"SELECT blocked_until FROM sso_login_throttle WHERE throttle_key = ? AND blocked_until > ?",
				(rs, row) -> rs.getTimestamp(1), key, Timestamp.from(now));
		return until.isEmpty() ? Optional.empty() : Optional.of(until.get(0).toInstant());
	}

	private void count(String key, int threshold) {
		Instant now = this.clock.instant();
		Timestamp stale = Timestamp.from(now.minus(this.settings.getForgetAfter()));
		int updated = this.jdbc.update("UPDATE sso_login_throttle SET failures = CASE WHEN updated_at < ? THEN 1 "
				+ "ELSE failures + 1 END, updated_at = ? WHERE throttle_key = ?", stale, Timestamp.from(now), key);
		if (updated == 0 && !insert(key, 1, null, Timestamp.from(now))) {
			count(key, threshold); // another request made the row meanwhile
			return;
		}
		// No row any more: a sign-in of the same account succeeded meanwhile and forgot its failures.
		List<Integer> failures = this.jdbc.queryForList(
				"SELECT failures FROM sso_login_throttle WHERE throttle_key = ?", Integer.class, key);
		if (!failures.isEmpty() && failures.get(0) != null && failures.get(0) >= threshold) {
			this.jdbc.update("UPDATE sso_login_throttle SET blocked_until = ? WHERE throttle_key = ?",
					Timestamp.from(now.plus(blockFor(failures.get(0) - threshold))), key);
		}
	}

	/** Adds a key's row; false when another request added it first. */
	private boolean insert(String key, int failures, Timestamp blockedUntil, Timestamp at) {
		try {
			this.jdbc.update(
					"INSERT INTO sso_login_throttle (throttle_key, failures, blocked_until, updated_at) VALUES (?, ?, ?, ?)",
					key, failures, blockedUntil, at);
			return true;
		}
		catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
			// InnoDB may roll back one of several simultaneous inserts of a key just deleted as a
			// deadlock victim: like a duplicate, the row is there or about to be; the caller tries again.
			return false;
		}
	}

	/** The block after {@code over} failures beyond the threshold (0 = the first one). */
	Duration blockFor(int over) {
		return accountLimit().blockFor(over);
	}

	private int accountThreshold() {
		return this.thresholds.number(Setting.LOGIN_ACCOUNT_THRESHOLD, this.settings.getAccountThreshold());
	}

	private int ipThreshold() {
		return this.thresholds.number(Setting.LOGIN_IP_THRESHOLD, this.settings.getIpThreshold());
	}

	private int mailThreshold() {
		return this.thresholds.number(Setting.LOGIN_MAIL_THRESHOLD, this.settings.getMailThreshold());
	}

	private int clientThreshold() {
		return this.thresholds.number(Setting.CLIENT_THRESHOLD, this.clientSettings.getClientThreshold());
	}

	private int clientIpThreshold() {
		return this.thresholds.number(Setting.CLIENT_IP_THRESHOLD, this.clientSettings.getIpThreshold());
	}

	private Limit accountLimit() {
		return new Limit(accountThreshold(), this.settings.getInitialBlock(),
				this.settings.getMaxBlock(), this.settings.getForgetAfter());
	}

	private Limit ipLimit() {
		return new Limit(ipThreshold(), this.settings.getInitialBlock(), this.settings.getMaxBlock(),
				this.settings.getForgetAfter());
	}

	private Limit clientLimit() {
		return new Limit(clientThreshold(), this.clientSettings.getInitialBlock(),
				this.clientSettings.getMaxBlock(), this.clientSettings.getForgetAfter());
	}

	private Limit clientIpLimit() {
		return new Limit(clientIpThreshold(), this.clientSettings.getInitialBlock(),
				this.clientSettings.getMaxBlock(), this.clientSettings.getForgetAfter());
	}

	/** Every spelling of a name that looks the same ({@code BOB}, {@code bób}, {@code bob\u200b}) counts as one. */
	private static String accountKey(String username) {
		return "a:" + sha256(NameKeys.lookalike(username));
	}

	private static String secondFactorKey(String userUuid) {
		return "f:" + sha256(userUuid);
	}

	private static String userCodeKey(String userUuid) {
		return "u:" + sha256(userUuid);
	}

	private static String userCodeIpKey(String ip) {
		return "ui:" + shortened(ip);
	}

	private static String setupKey(String ip) {
		return "s:" + shortened((ip != null) ? ip : "");
	}

	private static String ipKey(String ip) {
		return "i:" + shortened(ip);
	}

	private static String clientKey(String clientId) {
		return "c:" + sha256(clientId);
	}

	private static String clientIpKey(String ip) {
		return "ci:" + shortened(ip);
	}

	private static String shortened(String ip) {
		return (ip.length() <= 64) ? ip : sha256(ip);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A block: which key ({@code account}, {@code client} or {@code ip}) and until when. */
	public record Block(String reason, Instant until) {
	}

	/**
	 * One attempt: counted already and to be checked, or {@link #refused()} unchecked; tell
	 * {@link #succeeded} or {@link #failed} how the check went.
	 */
	public static final class Attempt {

		private final String personKey;

		private final String personReason;

		private final Limit personLimit;

		private final Reservation person;

		private final boolean pastAccountBlock;

		private final Reservation address;

		private final Block refusal;

		private Attempt(String personKey, String personReason, Limit personLimit, Reservation person,
				boolean pastAccountBlock, Reservation address, Block refusal) {
			this.personKey = personKey;
			this.personReason = personReason;
			this.personLimit = personLimit;
			this.person = person;
			this.pastAccountBlock = pastAccountBlock;
			this.address = address;
			this.refusal = refusal;
		}

		private static Attempt refused(Block block) {
			return new Attempt(null, null, null, null, false, null, block);
		}

		/** The block that refused the attempt unchecked, if one did. */
		public Optional<Block> refused() {
			return Optional.ofNullable(this.refusal);
		}

		/** Whether the attempt goes on although its account is blocked (a browser its person trusted). */
		public boolean pastAccountBlock() {
			return this.pastAccountBlock;
		}

	}

	/** Threshold and block lengths of one kind of key. */
	private record Limit(int threshold, Duration initialBlock, Duration maxBlock, Duration forgetAfter) {

		/** The block after {@code over} failures beyond the threshold (0 = the first one). */
		Duration blockFor(int over) {
			if (over >= 40) {
				return this.maxBlock;
			}
			Duration block = this.initialBlock.multipliedBy(1L << over);
			return (block.compareTo(this.maxBlock) > 0) ? this.maxBlock : block;
		}

	}

	/** A reserved slot on {@code key}, with the block its reservation started (null if none). */
	private record Reservation(String key, Instant blockSet) {
	}

	/** A reservation, or the end of the block that refused it. */
	private record Reserved(Reservation reservation, Instant blockedUntil) {

		static Reserved granted(Reservation reservation) {
			return new Reserved(reservation, null);
		}

		static Reserved refused(Instant until) {
			return new Reserved(null, until);
		}

	}

}
