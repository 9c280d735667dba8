package io.microsys.sso.provider.support;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The provider's outbox (sign-ups, reset requests, mail) seen from a test: marks where the test
 * began, then waits until everything queued since has been done. A test that proves something was
 * not sent waits for this instead of for a while: once the outbox is done, whatever would have been
 * sent has been.
 */
public final class TestOutbox {

	private final JdbcTemplate jdbc;

	private final long mark;

	private TestOutbox(JdbcTemplate jdbc, long mark) {
		this.jdbc = jdbc;
		this.mark = mark;
	}

	/** Marks the items queued so far, which {@link #awaitDone()} does not wait for. */
	public static TestOutbox mark(JdbcTemplate jdbc) {
		Long last = jdbc.queryForObject("SELECT MAX(id) FROM sso_outbox", Long.class);
		return new TestOutbox(jdbc, (last != null) ? last : 0);
	}

	/**
	 * Waits (up to 30 s) until every item queued since the mark has been done (delivered, given up,
	 * or expired), including the items those queued: an item leaves the outbox only after what it
	 * queued was stored, so one moment with nothing waiting is enough.
	 */
	public void awaitDone() {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_outbox WHERE id > ? AND state = 'PENDING'",
					Long.class, this.mark) == 0);
	}

}
