package io.microsys.sso.provider.audit;

import java.time.Instant;
import java.util.Arrays;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.metrics.SsoMetrics;
import io.microsys.sso.provider.oidc.claims.AccessDecision;

import static org.assertj.core.api.Assertions.assertThat;

/** Recorded entries move the meters of {@link SsoMetrics} that describe them, and no other. */
class AuditMetricsTests {

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final AuditMetrics metrics = new AuditMetrics(new SsoMetrics(this.registry));

	void record(AuditEventType type, String clientId, String reason) {
		this.metrics.recorded(new AuditEvent(Instant.now(), type, "uuid", "name", clientId, "203.0.113.1", "ua",
				reason, null));
	}

	double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	@Test
	void recordedWhenSignInsThenCountedByOutcome() {
		record(AuditEventType.LOGIN_SUCCESS, null, null);
		record(AuditEventType.LOGIN_SUCCESS, null, "trusted_browser");
		record(AuditEventType.LOGIN_SUCCESS, null, "second_factor_required");
		record(AuditEventType.LOGIN_FAILURE, null, "bad_credentials");
		record(AuditEventType.LOGIN_FAILURE, null, "user_locked");
		record(AuditEventType.LOGIN_THROTTLED, null, "account");

		assertThat(count(SsoMetrics.SIGNINS, "outcome", "success")).isEqualTo(2);
		assertThat(count(SsoMetrics.SIGNINS, "outcome", "second_factor_required")).isEqualTo(1);
		assertThat(count(SsoMetrics.SIGNINS, "outcome", "bad_credentials")).isEqualTo(1);
		assertThat(count(SsoMetrics.SIGNINS, "outcome", "refused")).isEqualTo(1);
		assertThat(count(SsoMetrics.SIGNINS, "outcome", "throttled")).isEqualTo(1);
		assertThat(count(SsoMetrics.THROTTLE_BLOCKS, "kind", "sign_in")).isEqualTo(1);
		assertThat(count(SsoMetrics.SECOND_FACTOR, "method", "trusted_browser", "outcome", "success")).isEqualTo(1);
	}

	@Test
	void recordedWhenSecondFactorsThenCountedByMethodAndOutcome() {
		record(AuditEventType.SECOND_FACTOR_SUCCEEDED, null, "totp");
		record(AuditEventType.SECOND_FACTOR_SUCCEEDED, null, "backup_code");
		record(AuditEventType.SECOND_FACTOR_FAILED, null, "wrong_code");
		record(AuditEventType.SECOND_FACTOR_THROTTLED, null, "account");

		assertThat(count(SsoMetrics.SECOND_FACTOR, "method", "totp", "outcome", "success")).isEqualTo(1);
		assertThat(count(SsoMetrics.SECOND_FACTOR, "method", "backup_code", "outcome", "success")).isEqualTo(1);
		assertThat(count(SsoMetrics.SECOND_FACTOR, "method", "unknown", "outcome", "failure")).isEqualTo(1);
		assertThat(count(SsoMetrics.SECOND_FACTOR, "method", "unknown", "outcome", "throttled")).isEqualTo(1);
		assertThat(count(SsoMetrics.THROTTLE_BLOCKS, "kind", "second_factor")).isEqualTo(1);
	}

	@Test
	void recordedWhenRefusalsAndDeliveriesThenCounted() {
		record(AuditEventType.AUTHORIZATION_DENIED, "app-1", "no_membership");
		record(AuditEventType.CLIENT_AUTHENTICATION_THROTTLED, "app-1", "client");
		record(AuditEventType.BACKCHANNEL_LOGOUT_DELIVERED, "app-1", null);
		record(AuditEventType.BACKCHANNEL_LOGOUT_FAILED, "app-1", "unreachable");
		record(AuditEventType.PASSWORD_CHANGED, null, null);

		assertThat(count(SsoMetrics.ACCESS_DENIED, "reason", "no_membership")).isEqualTo(1);
		assertThat(count(SsoMetrics.THROTTLE_BLOCKS, "kind", "client_secret")).isEqualTo(1);
		assertThat(count(SsoMetrics.BACKCHANNEL_LOGOUT, "outcome", "delivered")).isEqualTo(1);
		assertThat(count(SsoMetrics.BACKCHANNEL_LOGOUT, "outcome", "failed")).isEqualTo(1);
		assertThat(this.registry.getMeters()
			.stream()
			.mapToDouble((meter) -> meter.measure().iterator().next().getValue())
			.sum()).isEqualTo(4);
	}

	@Test
	void denialReasonsWhenAccessDecisionRefusesThenEveryCodeIsListed() {
		assertThat(SsoMetrics.DENIAL_REASONS).containsAll(
				Arrays.stream(AccessDecision.Reason.values()).map(AccessDecision.Reason::code).toList());
	}

}
