package io.microsys.sso.provider.settings;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The settings table ({@code sso_setting}: key → text) as every feature reads it: all rows at once
 * (a few dozen), kept by each node for at most {@link #CACHE}, so a setting asked for on every
 * request (the client address resolution, throttle thresholds) costs no query. A change made on
 * this node is seen at once here ({@link #put} forgets the cached rows) and within
 * {@link #CACHE} on every other node. A key without a row means "the configured default": the
 * caller falls back to its {@code microsys.sso.*} property.
 * <p>
 * Secret values (keys ending in {@code .password} or {@code .secret}, see {@link #isSecret}) are
 * stored already encrypted by their feature with the master key; they are never exported or shown.
 */
@Component
public class StoredSettings {

	/** How long a node keeps the rows it read. */
	public static final Duration CACHE = Duration.ofSeconds(10);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private volatile Snapshot snapshot;

	private record Snapshot(Map<String, String> values, Instant readAt) {
	}

	public StoredSettings(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The stored value of {@code key}, or empty when nobody set it (the default applies). */
	public Optional<String> get(String key) {
		return Optional.ofNullable(all().get(key));
	}

	/** Every stored setting, as read at most {@link #CACHE} ago. */
	public Map<String, String> all() {
		Snapshot current = this.snapshot;
		Instant now = this.clock.instant();
		if (current != null && now.isBefore(current.readAt().plus(CACHE)) && !now.isBefore(current.readAt())) {
			return current.values();
		}
		Map<String, String> values = new HashMap<>();
		this.jdbc.query("SELECT setting_key, setting_value FROM sso_setting",
				(rs) -> {
					values.put(rs.getString(1), rs.getString(2));
				});
		Map<String, String> read = Map.copyOf(values);
		this.snapshot = new Snapshot(read, now);
		return read;
	}

	/**
	 * Stores one setting: an update, then an insert when there was no row (no gap-lock upsert; two
	 * nodes inserting the same key at once: the loser updates). Joins the caller's transaction, or
	 * runs in its own, holding the settings lock (see {@link #lock}).
	 */
	@Transactional
	public void put(String key, String value, String changedBy) {
		lock();
		Timestamp now = Timestamp.from(this.clock.instant());
		int updated = this.jdbc.update(
				"UPDATE sso_setting SET setting_value = ?, updated_at = ?, updated_by = ? WHERE setting_key = ?", value,
				now, changedBy, key);
		if (updated == 0) {
			try {
				this.jdbc.update(
						"INSERT INTO sso_setting (setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?)",
						key, value, now, changedBy);
			}
			catch (DuplicateKeyException ex) {
				this.jdbc.update(
						"UPDATE sso_setting SET setting_value = ?, updated_at = ?, updated_by = ? WHERE setting_key = ?",
						value, now, changedBy, key);
			}
		}
		forget();
	}

	/** Removes a stored value, so the default applies again. */
	@Transactional
	public void remove(String key) {
		lock();
		this.jdbc.update("DELETE FROM sso_setting WHERE setting_key = ?", key);
		forget();
	}

	/**
	 * Locks the one row of {@code sso_settings_lock} until the transaction ends, on every node. The
	 * admin API's replacement of the settings holds it while it compares their version and writes:
	 * every other change of a setting (a page, the import, the first-run setup) waits for it, so the
	 * replacement never overwrites a change it did not see, and sees every change committed before.
	 */
	public void lock() {
		this.jdbc.queryForList("SELECT id FROM sso_settings_lock WHERE id = 1 FOR UPDATE", Integer.class);
	}

	/** Forgets the cached rows: the next read asks the database. */
	public void forget() {
		this.snapshot = null;
	}

	/** Whether the setting holds a secret: never shown, exported or logged. */
	public static boolean isSecret(String key) {
		return key.endsWith(".password") || key.endsWith(".secret");
	}

}
