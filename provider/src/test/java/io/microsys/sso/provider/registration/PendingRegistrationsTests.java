package io.microsys.sso.provider.registration;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.metrics.SsoMetrics;
import io.microsys.sso.provider.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The sign-up queue gauge counts at most once per 30 s, however often it is scraped. */
class PendingRegistrationsTests {

	final JdbcTemplate jdbc = mock(JdbcTemplate.class);

	final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	double scrape() {
		return this.registry.get(SsoMetrics.REGISTRATIONS_PENDING).gauge().value();
	}

	@Test
	void gaugeWhenScrapedOftenThenCountedOncePerThirtySeconds() {
		given(this.jdbc.queryForObject(anyString(), eq(Long.class))).willReturn(3L, 5L);
		new PendingRegistrations(this.jdbc, this.clock, new SsoMetrics(this.registry));

		assertThat(scrape()).isEqualTo(3);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(scrape()).isEqualTo(3);
		verify(this.jdbc, times(1)).queryForObject(anyString(), eq(Long.class));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(scrape()).isEqualTo(5);
		verify(this.jdbc, times(2)).queryForObject(anyString(), eq(Long.class));
	}

	@Test
	void gaugeWhenDatabaseFailsThenLastCount() {
		given(this.jdbc.queryForObject(anyString(), eq(Long.class))).willReturn(4L)
			.willThrow(new QueryTimeoutException("down"));
		new PendingRegistrations(this.jdbc, this.clock, new SsoMetrics(this.registry));

		assertThat(scrape()).isEqualTo(4);
		this.clock.advance(PendingRegistrations.FRESH_FOR);
		assertThat(scrape()).isEqualTo(4);
	}

}
