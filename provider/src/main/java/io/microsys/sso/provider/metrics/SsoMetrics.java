package io.microsys.sso.provider.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The provider's own meters, as Prometheus shows them on {@code /actuator/prometheus} of the
 * management port ({@code docs/metrics.md} describes each): sign-ins, second factors, tokens issued,
 * denied apps, throttle blocks, back-channel logouts and the sign-up queue. Every tag takes a value
 * from a closed list (anything else counts as {@code other}), never a name or an address, so the
 * number of series stays bounded; the lists are registered at zero at start, so a dashboard shows 0
 * rather than nothing before the first event.
 */
@Component
public class SsoMetrics {

	/** Sign-ins (the password step) by {@code outcome}: {@code microsys_sso_signins_total}. */
	public static final String SIGNINS = "microsys.sso.signins";

	/** Second-factor steps by {@code method} and {@code outcome}: {@code microsys_sso_second_factor_total}. */
	public static final String SECOND_FACTOR = "microsys.sso.second.factor";

	/** Access tokens issued by {@code grant_type} and {@code client_id}: {@code microsys_sso_tokens_issued_total}. */
	public static final String TOKENS_ISSUED = "microsys.sso.tokens.issued";

	/** People refused an app, by {@code reason}: {@code microsys_sso_access_denied_total}. */
	public static final String ACCESS_DENIED = "microsys.sso.access.denied";

	/** Attempts refused unchecked by the throttle, by {@code kind}: {@code microsys_sso_throttle_blocks_total}. */
	public static final String THROTTLE_BLOCKS = "microsys.sso.throttle.blocks";

	/** Back-channel logout deliveries by {@code outcome}: {@code microsys_sso_backchannel_logout_total}. */
	public static final String BACKCHANNEL_LOGOUT = "microsys.sso.backchannel.logout";

	/** Sign-ups waiting for an administrator's approval: {@code microsys_sso_registrations_pending}. */
	public static final String REGISTRATIONS_PENDING = "microsys.sso.registrations.pending";

	/** The value of a tag outside its list. */
	public static final String OTHER = "other";

	/** How a sign-in's password step ended. */
	public enum SignInOutcome {

		/** Signed in (with a trusted browser standing for the second factor, if one is needed). */
		SUCCESS,
		/** The password was right and a second factor is owed ({@link SecondFactorOutcome} follows). */
		SECOND_FACTOR_REQUIRED,
		/** A wrong name or password. */
		BAD_CREDENTIALS,
		/** The right password for an account that may not sign in now (deactivated, locked, unverified, pending). */
		REFUSED,
		/** Refused without checking the password: too many recent failures. */
		THROTTLED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** How a second-factor step ended. */
	public enum SecondFactorOutcome {

		/** A code (or a trusted browser) was accepted. */
		SUCCESS,
		/** A wrong code. */
		FAILURE,
		/** Refused without checking the code: too many recent wrong codes. */
		THROTTLED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** The second factors ({@code method} tag); {@code unknown} for a refused code, which matched none. */
	public static final List<String> SECOND_FACTOR_METHODS = List.of("totp", "email_code", "backup_code",
			"trusted_browser", "unknown");

	/** The grant types ({@code grant_type} tag), by short name. */
	public static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token",
			"client_credentials", "token_exchange", "device_code");

	/**
	 * Why a person was refused an app ({@code reason} tag): the codes of {@code oidc.claims.AccessDecision}
	 * and {@code second_factor_missing} (the app requires a second factor the sign-in lacks).
	 */
	public static final List<String> DENIAL_REASONS = List.of("client_unknown", "client_inactive", "user_unknown",
			"user_deactivated", "user_pending_approval", "user_locked", "email_unverified", "no_membership",
			"membership_inactive", "second_factor_missing");

	/** What the throttle blocked ({@code kind} tag). */
	public enum ThrottleKind {

		/** Sign-ins (the password step), per account or address. */
		SIGN_IN,
		/** Second-factor codes, per person or address. */
		SECOND_FACTOR,
		/** Client secrets at the token endpoint, per app or address. */
		CLIENT_SECRET;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** How a back-channel logout delivery ended ({@code outcome} tag). */
	public enum BackchannelOutcome {

		/** The app acknowledged the logout token. */
		DELIVERED,
		/** Every try failed, or too many deliveries were waiting. */
		FAILED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private static final Set<String> GRANT_TYPE_SET = Set.copyOf(GRANT_TYPES);

	private static final Set<String> DENIAL_REASON_SET = Set.copyOf(DENIAL_REASONS);

	private static final Set<String> METHOD_SET = Set.copyOf(SECOND_FACTOR_METHODS);

	private final MeterRegistry registry;

	public SsoMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (SignInOutcome outcome : SignInOutcome.values()) {
			signInCounter(outcome);
		}
		for (String method : SECOND_FACTOR_METHODS) {
			if (!"unknown".equals(method)) {
				secondFactorCounter(method, SecondFactorOutcome.SUCCESS);
			}
		}
		secondFactorCounter("unknown", SecondFactorOutcome.FAILURE);
		secondFactorCounter("unknown", SecondFactorOutcome.THROTTLED);
		for (String reason : DENIAL_REASONS) {
			deniedCounter(reason);
		}
		for (ThrottleKind kind : ThrottleKind.values()) {
			throttleCounter(kind);
		}
		for (BackchannelOutcome outcome : BackchannelOutcome.values()) {
			backchannelCounter(outcome);
		}
	}

	/** Counts a sign-in's password step. */
	public void signIn(SignInOutcome outcome) {
		signInCounter(outcome).increment();
	}

	/** Counts a second-factor step; {@code method} is a {@link #SECOND_FACTOR_METHODS} value. */
	public void secondFactor(String method, SecondFactorOutcome outcome) {
		secondFactorCounter(METHOD_SET.contains(method) ? method : OTHER, outcome).increment();
	}

	/**
	 * Counts an access token issued to an app (its client id: as many values as apps); the grant
	 * type as the token request names it.
	 */
	public void tokenIssued(String grantType, String clientId) {
		Counter.builder(TOKENS_ISSUED)
			.description("Access tokens issued, by grant type and app")
			.tag("grant_type", grantType(grantType))
			.tag("client_id", (clientId != null) ? clientId : OTHER)
			.register(this.registry)
			.increment();
	}

	/** Counts a person refused an app; {@code reason} is a {@link #DENIAL_REASONS} value. */
	public void accessDenied(String reason) {
		deniedCounter(DENIAL_REASON_SET.contains(reason) ? reason : OTHER).increment();
	}

	/** Counts an attempt that the throttle refused without checking it. */
	public void throttleBlock(ThrottleKind kind) {
		throttleCounter(kind).increment();
	}

	/** Counts the end of one back-channel logout delivery. */
	public void backchannelLogout(BackchannelOutcome outcome) {
		backchannelCounter(outcome).increment();
	}

	/**
	 * Shows the sign-up queue's depth, read from {@code pending} on each scrape: it must answer
	 * cheaply (cached), as every scrape of every node calls it.
	 */
	public void registrationsPending(Supplier<Number> pending) {
		Gauge.builder(REGISTRATIONS_PENDING, pending)
			.description("Sign-ups waiting for an administrator's approval")
			.strongReference(true)
			.register(this.registry);
	}

	/** The short name of a grant type ({@code urn:ietf:params:oauth:grant-type:device_code} → {@code device_code}). */
	static String grantType(String grantType) {
		if (grantType == null) {
			return OTHER;
		}
		String name = grantType.substring(grantType.lastIndexOf(':') + 1).replace('-', '_');
		return GRANT_TYPE_SET.contains(name) ? name : OTHER;
	}

	private Counter signInCounter(SignInOutcome outcome) {
		return Counter.builder(SIGNINS)
			.description("Sign-ins (the password step), by outcome")
			.tag("outcome", outcome.tag())
			.register(this.registry);
	}

	private Counter secondFactorCounter(String method, SecondFactorOutcome outcome) {
		return Counter.builder(SECOND_FACTOR)
			.description("Second-factor steps, by method and outcome")
			.tag("method", method)
			.tag("outcome", outcome.tag())
			.register(this.registry);
	}

	private Counter deniedCounter(String reason) {
		return Counter.builder(ACCESS_DENIED)
			.description("People refused an app at its sign-in or token request, by reason")
			.tag("reason", reason)
			.register(this.registry);
	}

	private Counter throttleCounter(ThrottleKind kind) {
		return Counter.builder(THROTTLE_BLOCKS)
			.description("Attempts refused unchecked by the throttle, by kind")
			.tag("kind", kind.tag())
			.register(this.registry);
	}

	private Counter backchannelCounter(BackchannelOutcome outcome) {
		return Counter.builder(BACKCHANNEL_LOGOUT)
			.description("Back-channel logout deliveries, by outcome")
			.tag("outcome", outcome.tag())
			.register(this.registry);
	}

}
