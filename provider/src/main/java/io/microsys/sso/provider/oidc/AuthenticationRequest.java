package io.microsys.sso.provider.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.microsys.sso.provider.account.SignIn;

/**
 * The OpenID Connect parameters of an authorization request that decide how the person must have
 * signed in (Core 3.1.2.1): {@code prompt}, {@code max_age}, {@code acr_values} and
 * {@code id_token_hint}. Read the same way by the request checks and by the re-authentication
 * filter, so they can never disagree on what a request asks for.
 */
record AuthenticationRequest(Set<String> prompt, Long maxAge, Set<String> acrValues, String idTokenHint,
		String problem) {

	/** The {@code prompt} values this provider knows (advertised as {@code prompt_values_supported}). */
	static final List<String> PROMPT_VALUES = List.of("none", "login", "consent", "select_account");

	/** Sign-in with a password only. */
	static final String ACR_PASSWORD = SignIn.ACR_PASSWORD;

	/** Sign-in with a password and a second factor (or a browser the person trusted after one). */
	static final String ACR_MFA = SignIn.ACR_MFA;

	/** Longest {@code max_age} taken as given (about 68 years); longer ones mean "any age". */
	private static final long MAX_AGE_LIMIT = Integer.MAX_VALUE;

	/** Reads the parameters; {@link #problem} names the first malformed one (then nothing else counts). */
	static AuthenticationRequest of(Function<String, String> parameters) {
		String promptValue = parameters.apply("prompt");
		Set<String> prompt = words(promptValue);
		for (String value : prompt) {
			if (!PROMPT_VALUES.contains(value)) {
				return invalid("Unsupported prompt value");
			}
		}
		if (prompt.contains("none") && prompt.size() > 1) {
			return invalid("prompt=none cannot be combined with other values");
		}
		Long maxAge = null;
		String maxAgeValue = parameters.apply("max_age");
		if (maxAgeValue != null) {
			if (!maxAgeValue.matches("[0-9]{1,19}")) {
				return invalid("max_age must be a number of seconds");
			}
			maxAge = (maxAgeValue.length() > 10) ? MAX_AGE_LIMIT : Math.min(Long.parseLong(maxAgeValue), MAX_AGE_LIMIT);
		}
		String hint = parameters.apply("id_token_hint");
		return new AuthenticationRequest(prompt, maxAge, words(parameters.apply("acr_values")),
				(hint == null || hint.isBlank()) ? null : hint, null);
	}

	private static AuthenticationRequest invalid(String problem) {
		return new AuthenticationRequest(Set.of(), null, Set.of(), null, problem);
	}

	private static Set<String> words(String value) {
		if (value == null || value.isBlank()) {
			return Set.of();
		}
		return new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
	}

	boolean valid() {
		return this.problem == null;
	}

	boolean promptNone() {
		return this.prompt.contains("none");
	}

	/** The person must prove who they are again, whatever their session: login or select_account. */
	boolean promptsSignIn() {
		return this.prompt.contains("login") || this.prompt.contains("select_account");
	}

	boolean promptConsent() {
		return this.prompt.contains("consent");
	}

	/** Whether a sign-in at {@code authenticatedAt} is too old for {@code max_age} at {@code now}. */
	boolean tooOld(Instant authenticatedAt, Instant now) {
		if (this.maxAge == null) {
			return false;
		}
		// max_age=0 asks for a sign-in now, whatever the last one (Core 3.1.2.1).
		return authenticatedAt == null || this.maxAge == 0
				|| Duration.between(authenticatedAt, now).compareTo(Duration.ofSeconds(this.maxAge)) > 0;
	}

	/** A second factor is asked for: {@code acr_values} names the multi-factor class. */
	boolean asksSecondFactor() {
		return this.acrValues.contains(ACR_MFA);
	}

	/** The request accepts a password alone: every {@code acr_values} entry is the password class. */
	boolean acceptsPasswordOnly() {
		return !this.acrValues.isEmpty() && this.acrValues.stream().allMatch(ACR_PASSWORD::equals);
	}

}
