package io.microsys.sso.provider.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.metrics.SsoMetrics.SignInOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters' tags stay within their lists, whatever a caller passes. */
class SsoMetricsTests {

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final SsoMetrics metrics = new SsoMetrics(this.registry);

	@Test
	void grantTypeWhenUrnOrUnknownThenShortNameOrOther() {
		assertThat(SsoMetrics.grantType("authorization_code")).isEqualTo("authorization_code");
		assertThat(SsoMetrics.grantType("urn:ietf:params:oauth:grant-type:token-exchange")).isEqualTo("token_exchange");
		assertThat(SsoMetrics.grantType("urn:ietf:params:oauth:grant-type:device_code")).isEqualTo("device_code");
		assertThat(SsoMetrics.grantType("urn:ietf:params:oauth:grant-type:jwt-bearer")).isEqualTo("other");
		assertThat(SsoMetrics.grantType("password")).isEqualTo("other");
		assertThat(SsoMetrics.grantType(null)).isEqualTo("other");
	}

	@Test
	void accessDeniedWhenReasonNotInTheListThenOther() {
		this.metrics.accessDenied("no_membership");
		this.metrics.accessDenied("a reason nobody listed");
		assertThat(this.registry.get(SsoMetrics.ACCESS_DENIED).tag("reason", "no_membership").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get(SsoMetrics.ACCESS_DENIED).tag("reason", "other").counter().count()).isEqualTo(1);
	}

	@Test
	void secondFactorWhenMethodNotInTheListThenOther() {
		this.metrics.secondFactor("sms", SsoMetrics.SecondFactorOutcome.SUCCESS);
		assertThat(this.registry.get(SsoMetrics.SECOND_FACTOR).tag("method", "other").counter().count()).isEqualTo(1);
	}

	@Test
	void constructorWhenStartedThenEveryKnownSeriesAtZero() {
		assertThat(this.registry.get(SsoMetrics.SIGNINS).counters()).hasSize(SignInOutcome.values().length);
		assertThat(this.registry.get(SsoMetrics.ACCESS_DENIED).counters()).hasSize(SsoMetrics.DENIAL_REASONS.size());
		assertThat(this.registry.get(SsoMetrics.SECOND_FACTOR).counters()).hasSize(6);
		assertThat(this.registry.get(SsoMetrics.THROTTLE_BLOCKS).counters()).hasSize(3);
		assertThat(this.registry.get(SsoMetrics.BACKCHANNEL_LOGOUT).counters()).hasSize(2);
		assertThat(this.registry.getMeters()).allSatisfy(
				(meter) -> assertThat(meter.measure().iterator().next().getValue()).isZero());
	}

	@Test
	void tokenIssuedWhenCountedThenByShortGrantTypeAndApp() {
		this.metrics.tokenIssued("urn:ietf:params:oauth:grant-type:token-exchange", "app-1");
		assertThat(this.registry.get(SsoMetrics.TOKENS_ISSUED)
			.tag("grant_type", "token_exchange")
			.tag("client_id", "app-1")
			.counter()
			.count()).isEqualTo(1);
	}

}
