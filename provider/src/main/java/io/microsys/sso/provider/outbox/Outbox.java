package io.microsys.sso.provider.outbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.microsys.sso.provider.crypto.MasterKey;

/**
 * Work promised to someone that must survive a restart — an email, an accepted sign-up, a reset
 * request — kept in the table {@code sso_outbox} until it is done, its payload encrypted under
 * the master key. A new item is started on the node that stored it as soon as its transaction
 * commits; every node also polls for due items, so a node that stops (or dies) leaves its items to
 * the others, or to itself after a restart. A node takes an item with a conditional UPDATE of the
 * item's lease, so two nodes never work on one item at once; a done item is deleted, a failed
 * one is tried again after a growing wait and, after the last try, marked failed (its payload
 * erased: no secret lingers) and audited.
 * <p>
 * Each kind of item has its own limit of waiting items and its own workers on each node, so a
 * flood of sign-ups neither turns away nor delays password resets. The limit is counted in the
 * table, for all nodes together; items stored at the same moment may pass it by a few.
 */
@Component
public class Outbox implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Outbox.class);

	private static final byte FORMAT = 1;

	/** Items each kind's workers hold in memory on one node, beyond which the poller leaves them in the table. */
	private static final int LOCAL_QUEUE = 100;

	/** Does one item; any exception means "not done, try again later". */
	@FunctionalInterface
	public interface Handler {

		void handle(List<String> fields) throws Exception;

	}

	/**
	 * A kind of item.
	 * @param name stored in each row ({@code [a-z-]}, at most 40 characters)
	 * @param maxPending waiting items at most, for all nodes together
	 * @param workers threads of this node working on this kind
	 */
	public record Kind(String name, int maxPending, int workers) {
	}

	private record Registered(Kind kind, Handler handler, ThreadPoolExecutor workers) {
	}

	private final JdbcTemplate jdbc;

	private final MasterKey masterKey;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final OutboxProperties settings;

	private final Map<String, Registered> kinds = new ConcurrentHashMap<>();

	/** Items handed to this node's workers and not finished yet, so the poller does not hand them again. */
	private final Set<Long> local = ConcurrentHashMap.newKeySet();

	private final String node;

	private final AtomicLong claims = new AtomicLong();

	private volatile ScheduledExecutorService poller;

	private volatile boolean running;

	public Outbox(JdbcTemplate jdbc, MasterKey masterKey, ApplicationEventPublisher events, Clock clock, OutboxProperties properties) {
		this.jdbc = jdbc;
		this.masterKey = masterKey;
		this.events = events;
		this.clock = clock;
		this.settings = properties;
		this.node = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The host's name as the environment gives it (no DNS look-up at start-up), to tell nodes apart in the table. */
	private static String hostName() {
		String name = System.getenv("HOSTNAME");
		if (name == null || name.isBlank()) {
			return "node";
		}
		return (name.length() > 60) ? name.substring(0, 60) : name;
	}

	/** Says how to do items of {@code kind}; done by the features at start-up. */
	public void register(Kind kind, Handler handler) {
		ThreadPoolExecutor workers = workers(kind);
		Registered previous = this.kinds.putIfAbsent(kind.name(), new Registered(kind, handler, workers));
		if (previous != null) {
			workers.shutdown();
			throw new IllegalStateException("Outbox kind '" + kind.name() + "' is registered twice");
		}
	}

	/**
	 * Stores an item in the caller's transaction (if any) and starts it once that commits.
	 * @param expiresAt when doing it is pointless (a code or link expired), or null
	 * @return false, and nothing stored, when {@code maxPending} items of the kind are waiting
	 */
	public boolean enqueue(String kind, Instant expiresAt, String... fields) {
		Registered registered = this.kinds.get(kind);
		if (registered == null) {
			throw new IllegalArgumentException("Unknown outbox kind " + kind);
		}
		Integer waiting = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_outbox WHERE kind = ? AND state = 'PENDING'", Integer.class, kind);
		if (waiting != null && waiting >= registered.kind().maxPending()) {
			return false;
		}
		byte[] payload = this.masterKey.encrypt(encode(Arrays.asList(fields)), context(kind));
		Timestamp now = Timestamp.from(this.clock.instant());
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement insert = connection.prepareStatement(
					"INSERT INTO sso_outbox (kind, payload, state, attempts, next_attempt_at, expires_at, created_at) "
							+ "VALUES (?, ?, 'PENDING', 0, ?, ?, ?)",
					new String[] { "id" });
			insert.setString(1, kind);
			insert.setBytes(2, payload);
			insert.setTimestamp(3, now);
			insert.setTimestamp(4, (expiresAt != null) ? Timestamp.from(expiresAt) : null);
			insert.setTimestamp(5, now);
			return insert;
		}, key);
		long id = key.getKey().longValue();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					start(id, registered);
				}
			});
		}
		else {
			start(id, registered);
		}
		return true;
	}

	/** Hands an item to this node's workers for its kind; left to the poller when they are full. */
	private void start(long id, Registered registered) {
		if (!this.running || !this.local.add(id)) {
			return;
		}
		try {
			registered.workers().execute(() -> {
				try {
					work(id, registered);
				}
				finally {
					this.local.remove(id);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.local.remove(id);
		}
	}

	/**
	 * Takes an item for this node, unless another node holds it or it is not due.
	 * @return the claim (naming this node) to finish the item with, or null when not taken
	 */
	String claim(long id) {
		Instant now = this.clock.instant();
		String claim = this.node + "#" + this.claims.incrementAndGet();
		int taken = this.jdbc.update(
				"UPDATE sso_outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 "
						+ "WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ? "
						+ "AND (claimed_until IS NULL OR claimed_until < ?)",
				claim, Timestamp.from(now.plus(this.settings.getLease())), id, Timestamp.from(now),
				Timestamp.from(now));
		return (taken == 1) ? claim : null;
	}

	private record Row(String kind, byte[] payload, int attempts, Instant expiresAt) {
	}

	private void work(long id, Registered registered) {
		String claim = claim(id);
		if (claim == null) {
			return;
		}
		List<Row> rows = this.jdbc.query(
				"SELECT kind, payload, attempts, expires_at FROM sso_outbox WHERE id = ? AND claimed_by = ?",
				(rs, n) -> new Row(rs.getString(1), rs.getBytes(2), rs.getInt(3),
						(rs.getTimestamp(4) != null) ? rs.getTimestamp(4).toInstant() : null),
				id, claim);
		if (rows.isEmpty()) {
			return;
		}
		Row row = rows.get(0);
		if (row.expiresAt() != null && row.expiresAt().isBefore(this.clock.instant())) {
			logger.info("Outbox item {} ({}) expired before it could be done", id, row.kind());
			delete(id, claim);
			return;
		}
		List<String> fields;
		try {
			fields = decode(this.masterKey.decrypt(row.payload(), context(row.kind())));
		}
		catch (RuntimeException ex) {
			giveUp(id, claim, row, "unreadable: " + ex.getClass().getSimpleName());
			return;
		}
		try {
			registered.handler().handle(fields);
		}
		catch (Exception ex) {
			// The message only: it never holds the payload (a link or a code), a stack trace might.
			String problem = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (row.attempts() >= this.settings.getAttempts()) {
				giveUp(id, claim, row, problem);
			}
			else {
				Duration wait = backoff(row.attempts());
				logger.warn("Outbox item {} ({}) failed on try {}, trying again in {}: {}", id, row.kind(),
						row.attempts(), wait, problem);
				this.jdbc.update(
						"UPDATE sso_outbox SET next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL, "
								+ "last_error = ? WHERE id = ? AND claimed_by = ?",
						Timestamp.from(this.clock.instant().plus(wait)), clip(problem), id, claim);
			}
			return;
		}
		delete(id, claim);
	}

	private void delete(long id, String claim) {
		this.jdbc.update("DELETE FROM sso_outbox WHERE id = ? AND claimed_by = ?", id, claim);
	}

	private void giveUp(long id, String claim, Row row, String problem) {
		int marked = this.jdbc.update(
				"UPDATE sso_outbox SET state = 'FAILED', payload = ?, next_attempt_at = ?, claimed_by = NULL, "
						+ "claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ?",
				new byte[0], Timestamp.from(this.clock.instant()), clip(problem), id, claim);
		if (marked == 1) {
			logger.warn("Outbox item {} ({}) failed after {} tries: {}", id, row.kind(), row.attempts(), problem);
			this.events.publishEvent(
					new OutboxItemFailed(row.kind(), clip("item " + id + ", attempts=" + row.attempts() + ", " + problem)));
		}
	}

	/** The wait after try {@code attempts}: the initial back-off, four times longer for each further try. */
	Duration backoff(int attempts) {
		Duration wait = this.settings.getInitialBackoff();
		for (int i = 1; i < attempts && wait.compareTo(this.settings.getMaxBackoff()) < 0; i++) {
			wait = wait.multipliedBy(4);
		}
		return (wait.compareTo(this.settings.getMaxBackoff()) > 0) ? this.settings.getMaxBackoff() : wait;
	}

	/** Hands due items to this node's workers, as many as they have room for, and drops old failed ones. */
	void poll() {
		Instant now = this.clock.instant();
		for (Registered registered : this.kinds.values()) {
			if (!this.running) {
				return;
			}
			int room = registered.workers().getQueue().remainingCapacity();
			if (room == 0) {
				continue;
			}
			List<Long> due = this.jdbc.queryForList(
					"SELECT id FROM sso_outbox WHERE kind = ? AND state = 'PENDING' AND next_attempt_at <= ? "
							+ "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_attempt_at LIMIT ?",
					Long.class, registered.kind().name(), Timestamp.from(now), Timestamp.from(now), room);
			for (Long id : due) {
				start(id, registered);
			}
			this.jdbc.update("DELETE FROM sso_outbox WHERE kind = ? AND state = 'FAILED' AND next_attempt_at < ?",
					registered.kind().name(), Timestamp.from(now.minus(this.settings.getFailedRetention())));
		}
	}

	private void pollSafely() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox poll failed: {}", ex.getMessage());
		}
	}

	private static ThreadPoolExecutor workers(Kind kind) {
		return new ThreadPoolExecutor(kind.workers(), kind.workers(), 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(LOCAL_QUEUE), (task) -> {
					Thread thread = new Thread(task, "outbox-" + kind.name());
					thread.setDaemon(true);
					return thread;
				});
	}

	@Override
	public void start() {
		// Started again after a stop (a paused test context, a restarted lifecycle): stop() ended
		// the workers for good, so each kind gets new ones.
		this.kinds.replaceAll((name, registered) -> registered.workers().isShutdown()
				? new Registered(registered.kind(), registered.handler(), workers(registered.kind())) : registered);
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "outbox-poller");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.settings.getPollInterval().toMillis();
		this.running = true;
		scheduler.scheduleWithFixedDelay(this::pollSafely, Math.min(interval, 1_000), interval, TimeUnit.MILLISECONDS);
		this.poller = scheduler;
	}

	/**
	 * Stops taking items; items being done get 10 seconds to finish, items only queued here stay in
	 * the table for the next poll of any node.
	 */
	@Override
	public void stop() {
		this.running = false;
		if (this.poller != null) {
			this.poller.shutdownNow();
		}
		for (Registered registered : this.kinds.values()) {
			registered.workers().getQueue().clear();
			registered.workers().shutdown();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		for (Registered registered : this.kinds.values()) {
			try {
				registered.workers().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static String context(String kind) {
		return "outbox:" + kind;
	}

	private static String clip(String text) {
		return (text != null && text.length() > 300) ? text.substring(0, 300) : text;
	}

	static byte[] encode(List<String> fields) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeByte(FORMAT);
			out.writeInt(fields.size());
			for (String field : fields) {
				if (field == null) {
					out.writeInt(-1);
				}
				else {
					byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
					out.writeInt(utf8.length);
					out.write(utf8);
				}
			}
			out.flush();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> decode(byte[] payload) {
		try {
			DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
			if (in.readByte() != FORMAT) {
				throw new IllegalStateException("Unknown outbox payload format");
			}
			int count = in.readInt();
			List<String> fields = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				int length = in.readInt();
				fields.add((length < 0) ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8));
			}
			return fields;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unreadable outbox payload", ex);
		}
	}

}
