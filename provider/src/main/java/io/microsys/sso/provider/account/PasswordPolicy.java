package io.microsys.sso.provider.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;

/**
 * What makes a password acceptable: at least the minimum length (the settings page, else
 * {@code microsys.sso.password.min-length}, {@value #MIN_LENGTH} by default), not one of the 10,000
 * most common passwords, and not the username or email.
 */
@Component
public class PasswordPolicy {

	/** Shortest acceptable password by default, and the least the minimum length may be set to. */
	public static final int MIN_LENGTH = 8;

	/** Longest accepted password (Argon2 cost is per byte; this bounds it). */
	public static final int MAX_LENGTH = 256;

	private static final String COMMON_PASSWORDS = "/security/common-passwords-10k.txt";

	private final Set<String> common;

	private final SecuritySettings settings;

	private final int configuredMinLength;

	/** The policy with the default minimum length (tests). */
	public PasswordPolicy() {
		this(SecuritySettings.none(), MIN_LENGTH);
	}

	@Autowired
	public PasswordPolicy(SecuritySettings settings,
			@Value("${microsys.sso.password.min-length:" + MIN_LENGTH + "}") int configuredMinLength) {
		Setting setting = Setting.PASSWORD_MIN_LENGTH;
		if (configuredMinLength < setting.min() || configuredMinLength > setting.max()) {
			throw new IllegalStateException(setting.property() + " must be between " + setting.min() + " and "
					+ setting.max() + ", not " + configuredMinLength);
		}
		this.settings = settings;
		this.configuredMinLength = configuredMinLength;
		this.common = load();
	}

	/** The shortest acceptable password without a setting ({@code microsys.sso.password.min-length}). */
	public int configuredMinLength() {
		return this.configuredMinLength;
	}

	/** The shortest acceptable password now. */
	public int minLength() {
		return this.settings.passwordMinLength(this.configuredMinLength);
	}

	private static Set<String> load() {
		Set<String> result = new HashSet<>(16_384);
		try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + COMMON_PASSWORDS);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank()) {
					result.add(line.trim().toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + COMMON_PASSWORDS, ex);
		}
		return Set.copyOf(result);
	}

	/**
	 * Returns why {@code password} is not acceptable (a message key suffix: {@code too-short},
	 * {@code below-minimum} (shorter than the minimum length set on the settings page),
	 * {@code too-long}, {@code too-common}, {@code like-username}), or empty when it is fine.
	 */
	public Optional<String> problem(String password, String username, String email) {
		if (password == null || password.length() < MIN_LENGTH) {
			return Optional.of("too-short");
		}
		if (password.length() < minLength()) {
			return Optional.of("below-minimum");
		}
		if (password.length() > MAX_LENGTH) {
			return Optional.of("too-long");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (this.common.contains(lower)) {
			return Optional.of("too-common");
		}
		if ((username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT)))
				|| (email != null && lower.equals(email.toLowerCase(Locale.ROOT)))) {
			return Optional.of("like-username");
		}
		return Optional.empty();
	}

	/** A sentence describing a {@link #problem} code, for logs and start-up errors. */
	public static String describe(String code) {
		return switch (code) {
			case "too-short" -> "password is shorter than " + MIN_LENGTH + " characters";
			case "below-minimum" -> "password is shorter than the minimum length set for the provider";
			case "too-long" -> "password is longer than " + MAX_LENGTH + " characters";
			case "too-common" -> "password is one of the 10,000 most common passwords";
			case "like-username" -> "password contains the username or equals the email";
			default -> "password is not acceptable";
		};
	}

}
