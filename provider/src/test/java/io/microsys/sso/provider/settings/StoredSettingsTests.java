package io.microsys.sso.provider.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.support.MovableClock;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings table as features read it: cached per node, changed without gap-lock upserts. */
@Tag("db")
class StoredSettingsTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));

	private JdbcTemplate jdbc;

	private DataSourceTransactionManager transactions;

	private StoredSettings settings;

	private ExecutorService pool;

	@BeforeEach
	void database() {
		Map<String, Object> properties = TestDatabase.freshDatabaseProperties();
		DriverManagerDataSource dataSource = new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
				(String) properties.get("spring.datasource.username"), (String) properties.get("spring.datasource.password"));
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new DataSourceTransactionManager(dataSource);
		this.jdbc.execute("CREATE TABLE sso_setting (setting_key VARCHAR(100) NOT NULL PRIMARY KEY, "
				+ "setting_value VARCHAR(1000) NOT NULL, updated_at DATETIME(6) NOT NULL, updated_by CHAR(36))");
		this.jdbc.execute("CREATE TABLE sso_settings_lock (id INT NOT NULL PRIMARY KEY)");
		this.jdbc.execute("INSERT INTO sso_settings_lock (id) VALUES (1)");
		this.settings = new StoredSettings(this.jdbc, this.clock);
		this.pool = Executors.newFixedThreadPool(16);
	}

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void getWhenNothingStoredThenEmpty() {
		assertThat(this.settings.get("security.password-min-length")).isEmpty();
	}

	@Test
	void putThenGetOnThisNodeAtOnce() {
		this.settings.get("mail.host");
		this.settings.put("mail.host", "smtp.example.org", null);
		assertThat(this.settings.get("mail.host")).contains("smtp.example.org");
		this.settings.put("mail.host", "smtp2.example.org", null);
		assertThat(this.settings.get("mail.host")).contains("smtp2.example.org");
	}

	@Test
	void anotherNodesChangeIsSeenAfterTheCache() {
		StoredSettings otherNode = new StoredSettings(this.jdbc, this.clock);
		assertThat(this.settings.get("network.client-address")).isEmpty();
		otherNode.put("network.client-address", "proxy", null);
		assertThat(this.settings.get("network.client-address")).as("cached").isEmpty();
		this.clock.advance(StoredSettings.CACHE.plus(Duration.ofMillis(1)));
		assertThat(this.settings.get("network.client-address")).contains("proxy");
	}

	@Test
	void removeBringsBackTheDefault() {
		this.settings.put("security.trusted-browser-days", "7", null);
		this.settings.remove("security.trusted-browser-days");
		assertThat(this.settings.get("security.trusted-browser-days")).isEmpty();
	}

	@Test
	void putWhenManyNodesStoreTheSameNewKeyAtOnceThenOneRowWithOneOfTheirValues() throws Exception {
		List<Boolean> answers = Simultaneous.all(this.pool, 16, (thread) -> {
			new StoredSettings(this.jdbc, this.clock).put("registration.mode", "value-" + thread, null);
			return true;
		});
		assertThat(answers).containsOnly(true);
		List<String> rows = this.jdbc.queryForList("SELECT setting_value FROM sso_setting WHERE setting_key = ?",
				String.class, "registration.mode");
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0)).startsWith("value-");
	}

	/**
	 * The admin API's replacement holds the settings lock while it compares the version and writes
	 * (setup/AllSettings): a page's change made meanwhile waits for it instead of landing between
	 * the comparison and the writes, and is stored after it.
	 */
	@Test
	void putWhileTheLockIsHeldThenWaitsForTheHolderAndLandsAfterIt() throws Exception {
		this.settings.put("branding.colour", "#111111", null);
		StoredSettings otherNode = new StoredSettings(this.jdbc, this.clock);
		Future<?>[] page = new Future<?>[1];
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.settings.lock();
			page[0] = this.pool.submit(() -> otherNode.put("branding.colour", "#222222", null));
			awaitOneWaitingForALock();
			assertThat(page[0]).isNotDone();
			assertThat(stored("branding.colour")).as("what the holder compares").isEqualTo("#111111");
			this.settings.put("branding.colour", "#333333", null);
		});
		page[0].get(30, TimeUnit.SECONDS);
		assertThat(stored("branding.colour")).isEqualTo("#222222");
	}

	private String stored(String key) {
		return this.jdbc.queryForObject("SELECT setting_value FROM sso_setting WHERE setting_key = ?", String.class, key);
	}

	/** Until another connection waits for a row lock (read from the database, not guessed by time). */
	private void awaitOneWaitingForALock() {
		// MariaDB: another connection inside the lock's statement while this one holds the lock is
		// waiting for it (the process list is live; InnoDB's transaction tables are a cache that
		// frequent reads keep from refreshing). H2: a session with a blocker.
		String waiting = TestDatabase.isMysql()
				? "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() "
						+ "AND INFO LIKE 'SELECT id FROM sso_settings_lock%'"
				: "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (this.jdbc.queryForObject(waiting, Integer.class) == 0) {
			assertThat(System.nanoTime()).as("a write waiting for the settings lock").isLessThan(deadline);
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	@Test
	void isSecretForPasswordsAndSecrets() {
		assertThat(StoredSettings.isSecret("mail.password")).isTrue();
		assertThat(StoredSettings.isSecret("api.secret")).isTrue();
		assertThat(StoredSettings.isSecret("mail.username")).isFalse();
	}

}
