package io.microsys.sso.provider.api;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;

/**
 * Per-caller rate limits of the admin API: a token bucket per caller ({@code burst} requests,
 * refilled at {@code requests-per-second}), kept in memory on each node (a caller spread over N
 * nodes by the load balancer gets up to N times the rate; docs/admin-api.md). Callers are accounts
 * and apps that presented a valid token, so the map is bounded by them; idle buckets are dropped.
 */
@Component
public class ApiRateLimits {

	private static final int SWEEP_ABOVE = 10_000;

	private final ApiProperties properties;

	private final Clock clock;

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	/** When the buckets were last swept: at most once a second, however many callers are busy. */
	private final java.util.concurrent.atomic.AtomicLong sweptAt = new java.util.concurrent.atomic.AtomicLong();

	ApiRateLimits(ApiProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Takes one request from the caller's bucket.
	 * @return 0 when the request may go on, otherwise the whole seconds to wait ({@code Retry-After})
	 */
	public long take(String caller) {
		double rate = this.properties.getRequestsPerSecond();
		if (rate <= 0) {
			return 0;
		}
		int burst = this.properties.getBurst();
		long now = this.clock.millis();
		long swept = this.sweptAt.get();
		if (this.buckets.size() > SWEEP_ABOVE && now - swept >= 1000 && this.sweptAt.compareAndSet(swept, now)) {
			sweep(now, rate, burst);
		}
		Bucket bucket = this.buckets.computeIfAbsent(caller, (key) -> new Bucket(burst, now));
		return bucket.take(now, rate, burst);
	}

	/** Drops buckets that have refilled completely: they hold nothing a new one would not. */
	private void sweep(long now, double rate, int burst) {
		this.buckets.entrySet().removeIf((entry) -> entry.getValue().fullAt(now, rate, burst));
	}

	private static final class Bucket {

		private double tokens;

		private long updatedAt;

		Bucket(int burst, long now) {
			this.tokens = burst;
			this.updatedAt = now;
		}

		synchronized long take(long now, double rate, int burst) {
			refill(now, rate, burst);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((1 - this.tokens) / rate));
		}

		synchronized boolean fullAt(long now, double rate, int burst) {
			refill(now, rate, burst);
			return this.tokens >= burst;
		}

		private void refill(long now, double rate, int burst) {
			if (now > this.updatedAt) {
				this.tokens = Math.min(burst, this.tokens + (now - this.updatedAt) * rate / 1000.0);
				this.updatedAt = now;
			}
		}

	}

}
