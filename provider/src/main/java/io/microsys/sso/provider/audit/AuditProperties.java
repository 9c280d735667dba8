package io.microsys.sso.provider.audit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail and activity log ({@code microsys.sso.audit.*}): how long entries are kept, and
 * how the old ones are deleted (a small batch at a time, so a purge never locks the table).
 */
@ConfigurationProperties("microsys.sso.audit")
@Validated
public class AuditProperties {

	/** How long entries are kept; 0 keeps them forever. */
	@DurationMin(message = "must not be negative")
	private Duration retention = Duration.ofDays(365);

	/** How often each node deletes entries older than {@code retention}. */
	@NotNull
	@DurationMin(millis = 1, message = "must be positive")
	private Duration retentionInterval = Duration.ofHours(1);

	/** Entries deleted in one statement. */
	@Min(1)
	@Max(10_000)
	private int retentionBatchSize = 1000;

	/** The pause between two batches, so other writers are not starved. */
	@NotNull
	@DurationMin(message = "must not be negative")
	private Duration retentionPause = Duration.ofMillis(200);

	/** Whether entries expire: a retention is set and is not zero. */
	public boolean expires() {
		return this.retention != null && !this.retention.isZero();
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getRetentionInterval() {
		return this.retentionInterval;
	}

	public void setRetentionInterval(Duration retentionInterval) {
		this.retentionInterval = retentionInterval;
	}

	public int getRetentionBatchSize() {
		return this.retentionBatchSize;
	}

	public void setRetentionBatchSize(int retentionBatchSize) {
		this.retentionBatchSize = retentionBatchSize;
	}

	public Duration getRetentionPause() {
		return this.retentionPause;
	}

	public void setRetentionPause(Duration retentionPause) {
		this.retentionPause = retentionPause;
	}

}
