package io.microsys.sso.provider.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.metrics.SsoMetrics;

/**
 * The sign-up queue's depth for {@link SsoMetrics#REGISTRATIONS_PENDING}: sign-ups waiting for an
 * administrator's approval, counted on the {@code (origin, status)} index at most once per
 * {@link #FRESH_FOR}, whatever the number of scrapes.
 */
@Component
class PendingRegistrations {

	/** How long a count is shown before the next scrape counts again. */
	static final Duration FRESH_FOR = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private long count;

	private Instant countedAt;

	PendingRegistrations(JdbcTemplate jdbc, Clock clock, SsoMetrics metrics) {
		this.jdbc = jdbc;
		this.clock = clock;
		metrics.registrationsPending(this::count);
	}

	/** The last count, counted again when older than {@link #FRESH_FOR}; the last one while the database fails. */
	synchronized long count() {
		Instant now = this.clock.instant();
		if (this.countedAt == null || !now.isBefore(this.countedAt.plus(FRESH_FOR))) {
			this.countedAt = now;
			try {
				this.count = counted();
			}
			catch (DataAccessException ex) {
				// The readiness group reports the database; the gauge keeps its last value.
			}
		}
		return this.count;
	}

	/** Counts the sign-ups waiting for approval now. */
	long counted() {
		Long counted = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_user WHERE origin = 'SIGNUP' AND status = 'PENDING_APPROVAL'", Long.class);
		return (counted != null) ? counted : 0;
	}

}
