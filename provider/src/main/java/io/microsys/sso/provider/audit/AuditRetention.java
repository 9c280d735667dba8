package io.microsys.sso.provider.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.settings.SecuritySettings;

/**
 * Deletes entries older than {@link AuditProperties#getRetention() the retention}, a small batch at
 * a time with a pause between batches, never in one huge delete. Each batch picks the oldest ids
 * (through the time index) and deletes those rows by primary key, which locks only them: several
 * nodes running it at once delete each row once and wait for nothing else.
 */
@Component
public class AuditRetention {

	private static final Logger logger = LoggerFactory.getLogger(AuditRetention.class);

	private final NamedParameterJdbcTemplate jdbc;

	private final AuditProperties properties;

	private final Clock clock;

	private final SecuritySettings runtime;

	@Autowired
	public AuditRetention(NamedParameterJdbcTemplate jdbc, AuditProperties properties, Clock clock,
			SecuritySettings runtime) {
		this.runtime = runtime;
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** A purge with the properties' retention alone (tests). */
	public AuditRetention(NamedParameterJdbcTemplate jdbc, AuditProperties properties, Clock clock) {
		this(jdbc, properties, clock, SecuritySettings.none());
	}

	/** How long entries are kept now (the settings page, else the property); zero keeps them. */
	Duration retention() {
		Duration retention = this.runtime.auditRetention(this.properties.getRetention());
		return (retention != null) ? retention : Duration.ZERO;
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "${microsys.sso.audit.retention-interval:PT1H}")
	void scheduled() {
		long deleted = purge();
		if (deleted > 0) {
			logger.info("Deleted {} audit entries older than {}", deleted, retention());
		}
	}

	/** Deletes every expired entry, batch after batch; returns how many. */
	public long purge() {
		long total = 0;
		int deleted;
		do {
			deleted = purgeBatch();
			total += deleted;
			if (deleted == this.properties.getRetentionBatchSize() && !pause()) {
				break;
			}
		}
		while (deleted == this.properties.getRetentionBatchSize());
		return total;
	}

	/** Deletes at most one batch of expired entries; returns how many. */
	public int purgeBatch() {
		Duration retention = retention();
		if (retention.isZero()) {
			return 0;
		}
		// Stored as UTC wall-clock times (Hibernate's time_zone: UTC).
		LocalDateTime cutoff = LocalDateTime.ofInstant(this.clock.instant().minus(retention),
				ZoneOffset.UTC);
		List<Long> ids = this.jdbc.queryForList(
				"SELECT id FROM sso_audit_event WHERE created_at < :cutoff ORDER BY created_at, id LIMIT "
						+ this.properties.getRetentionBatchSize(),
				new MapSqlParameterSource("cutoff", cutoff), Long.class);
		if (ids.isEmpty()) {
			return 0;
		}
		int deleted = this.jdbc.update("DELETE FROM sso_audit_event WHERE id IN (:ids)",
				new MapSqlParameterSource("ids", ids));
		// Another node deleting the same batch must not end this run early: a full batch still counts as full.
		return (deleted < ids.size() && ids.size() == this.properties.getRetentionBatchSize())
				? this.properties.getRetentionBatchSize() : deleted;
	}

	private boolean pause() {
		try {
			Thread.sleep(this.properties.getRetentionPause().toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
