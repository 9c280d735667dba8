package io.microsys.sso.provider.audit;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.metrics.SsoMetrics;
import io.microsys.sso.provider.metrics.SsoMetrics.BackchannelOutcome;
import io.microsys.sso.provider.metrics.SsoMetrics.SecondFactorOutcome;
import io.microsys.sso.provider.metrics.SsoMetrics.SignInOutcome;
import io.microsys.sso.provider.metrics.SsoMetrics.ThrottleKind;

/**
 * Counts the recorded entries that {@link SsoMetrics} shows: the trail is the one place every
 * sign-in, second factor, refusal, throttle block and back-channel delivery passes, so counting
 * here cannot miss one that a feature records.
 */
@Component
class AuditMetrics {

	private final SsoMetrics metrics;

	AuditMetrics(SsoMetrics metrics) {
		this.metrics = metrics;
	}

	void recorded(AuditEvent event) {
		String reason = event.getReason();
		switch (AuditEventType.valueOf(event.getEventType())) {
			case LOGIN_SUCCESS -> {
				if ("second_factor_required".equals(reason)) {
					this.metrics.signIn(SignInOutcome.SECOND_FACTOR_REQUIRED);
				}
				else {
					this.metrics.signIn(SignInOutcome.SUCCESS);
					if ("trusted_browser".equals(reason)) {
						this.metrics.secondFactor("trusted_browser", SecondFactorOutcome.SUCCESS);
					}
				}
			}
			case LOGIN_FAILURE -> this.metrics
				.signIn("bad_credentials".equals(reason) ? SignInOutcome.BAD_CREDENTIALS : SignInOutcome.REFUSED);
			case LOGIN_THROTTLED -> {
				this.metrics.signIn(SignInOutcome.THROTTLED);
				this.metrics.throttleBlock(ThrottleKind.SIGN_IN);
			}
			case SECOND_FACTOR_SUCCEEDED -> this.metrics.secondFactor(reason, SecondFactorOutcome.SUCCESS);
			case SECOND_FACTOR_FAILED -> this.metrics.secondFactor("unknown", SecondFactorOutcome.FAILURE);
			case SECOND_FACTOR_THROTTLED -> {
				this.metrics.secondFactor("unknown", SecondFactorOutcome.THROTTLED);
				this.metrics.throttleBlock(ThrottleKind.SECOND_FACTOR);
			}
			case CLIENT_AUTHENTICATION_THROTTLED -> this.metrics.throttleBlock(ThrottleKind.CLIENT_SECRET);
			case AUTHORIZATION_DENIED -> this.metrics.accessDenied(reason);
			case BACKCHANNEL_LOGOUT_DELIVERED -> this.metrics.backchannelLogout(BackchannelOutcome.DELIVERED);
			case BACKCHANNEL_LOGOUT_FAILED -> this.metrics.backchannelLogout(BackchannelOutcome.FAILED);
			default -> {
			}
		}
	}

}
