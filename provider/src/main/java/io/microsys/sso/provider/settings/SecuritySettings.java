package io.microsys.sso.provider.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.support.Language;

/**
 * The runtime settings an administrator changes on {@code /sys/settings}, as every feature reads
 * them: the value an environment variable fixes, else the value stored in the database
 * ({@link StoredSettings}, the same on every node within {@link StoredSettings#CACHE}), else the
 * feature's {@code microsys.sso.*} property. A feature passes its property's value (the
 * {@code configured} argument; when an environment variable fixes the property, the property
 * already holds its value), so each change applies on the next request without a restart. A
 * stored value out of its {@link Setting bounds} (changed by hand) is ignored.
 */
@Component
public class SecuritySettings {

	/** The token characters of RFC 9110, so a header name is one a proxy can send. */
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

	/** The settings on the page: stored key, the property it overrides, and its bounds. */
	public enum Setting {

		/** Second factor by email offered (a flag). */
		EMAIL_CODES("security.email-codes", "microsys.sso.two-factor.email-codes", 0, 1),

		/** One active session per person (a flag). */
		SINGLE_SESSION("security.single-session", "microsys.sso.sessions.single-session", 0, 1),

		/** How many days a trusted browser skips the second factor. */
		TRUSTED_BROWSER_DAYS("security.trusted-browser-days", "microsys.sso.two-factor.trusted-browser", 0, 365),

		/** The shortest acceptable password. */
		PASSWORD_MIN_LENGTH("security.password-min-length", "microsys.sso.password.min-length", 8, 128),

		/** Failures of one username before its sign-ins are slowed down. */
		LOGIN_ACCOUNT_THRESHOLD("security.login-throttle.account-threshold",
				"microsys.sso.login-throttle.account-threshold", 1, 1_000_000),

		/** Failed sign-ins from one address before they are slowed down. */
		LOGIN_IP_THRESHOLD("security.login-throttle.ip-threshold", "microsys.sso.login-throttle.ip-threshold", 1,
				1_000_000),

		/** Emails one address may ask for before it is slowed down. */
		LOGIN_MAIL_THRESHOLD("security.login-throttle.mail-threshold", "microsys.sso.login-throttle.mail-threshold",
				1, 1_000_000),

		/** Failed authentications of one app before its requests are slowed down. */
		CLIENT_THRESHOLD("security.client-throttle.client-threshold", "microsys.sso.client-throttle.client-threshold",
				1, 1_000_000),

		/** Failed app authentications from one address before they are slowed down. */
		CLIENT_IP_THRESHOLD("security.client-throttle.ip-threshold", "microsys.sso.client-throttle.ip-threshold", 1,
				1_000_000),

		/** The language of pages for a browser that prefers none we have (a language code). */
		DEFAULT_LANGUAGE("security.default-language", "microsys.sso.default-language", 0, 0),

		/** How many days audit entries are kept; 0 keeps them for ever. */
		AUDIT_RETENTION_DAYS("security.audit-retention-days", "microsys.sso.audit.retention", 0, 3650),

		/** How the client's address is found: {@code direct}, {@code header} or {@code proxy}. */
		CLIENT_ADDRESS("network.client-address", "microsys.sso.network.client-address", 0, 0),

		/** The header a trusted proxy writes the client's address into (mode {@code header}). */
		CLIENT_ADDRESS_HEADER("network.header", "microsys.sso.network.header", 0, 0),

		/** The proxies in front that append to {@code X-Forwarded-For} (mode {@code proxy}). */
		PROXY_HOPS("network.proxy-hops", "microsys.sso.network.proxy-hops", 1, 10);

		private final String key;

		private final String property;

		private final int min;

		private final int max;

		Setting(String key, String property, int min, int max) {
			this.key = key;
			this.property = property;
			this.min = min;
			this.max = max;
		}

		/** The key of its {@code sso_setting} row. */
		public String key() {
			return this.key;
		}

		/** The {@code microsys.sso.*} property that is its default. */
		public String property() {
			return this.property;
		}

		/** The smallest number allowed (numbers only). */
		public int min() {
			return this.min;
		}

		/** The largest number allowed (numbers only). */
		public int max() {
			return this.max;
		}

	}

	/** How the client's address is found. */
	public enum AddressMode {

		/** The TCP peer. */
		DIRECT,

		/** A header a trusted proxy sets, such as {@code X-Real-IP}. */
		HEADER,

		/** {@code X-Forwarded-For}, counting a number of trusted proxies from the right. */
		PROXY;

		/** The value stored and shown. */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The mode a stored or submitted value names, if any. */
		public static Optional<AddressMode> of(String value) {
			for (AddressMode mode : values()) {
				if (mode.value().equals(value)) {
					return Optional.of(mode);
				}
			}
			return Optional.empty();
		}

	}

	/**
	 * The client address resolution in effect.
	 *
	 * @param mode how the address is found
	 * @param header the header of mode {@code header}
	 * @param hops the trusted proxies of mode {@code proxy}
	 */
	public record ClientAddressResolution(AddressMode mode, String header, int hops) {

		/** The TCP peer, as without a setting. */
		public static final ClientAddressResolution DIRECT = new ClientAddressResolution(AddressMode.DIRECT, "X-Real-IP",
				1);

	}

	private final StoredSettings stored;

	private final EnvironmentOverrides overrides;

	private final Environment environment;

	@Autowired
	public SecuritySettings(StoredSettings stored, EnvironmentOverrides overrides, Environment environment) {
		this.stored = stored;
		this.overrides = overrides;
		this.environment = environment;
	}

	private SecuritySettings() {
		this(null, null, null);
	}

	/** Settings that are always their property's value: for features built without a database. */
	public static SecuritySettings none() {
		return new SecuritySettings();
	}

	/** The environment variable that fixes {@code setting}, if one does. */
	public Optional<String> fixedBy(Setting setting) {
		return (this.overrides != null) ? this.overrides.variableFor(setting.property()) : Optional.empty();
	}

	/** The value stored for {@code setting}, whether or not it is in effect. */
	public Optional<String> stored(Setting setting) {
		return (this.stored != null) ? this.stored.get(setting.key()) : Optional.empty();
	}

	/** The stored value that is in effect: none when an environment variable fixes the setting. */
	private Optional<String> effective(Setting setting) {
		if (this.stored == null || fixedBy(setting).isPresent()) {
			return Optional.empty();
		}
		return stored(setting);
	}

	/**
	 * The setting's value in effect, as text: {@code configured} (the property's value, as text)
	 * when an environment variable fixes it or nothing valid is stored, else the stored value.
	 */
	public String value(Setting setting, String configured) {
		return effective(setting).filter((value) -> valid(setting, value)).orElse(configured);
	}

	/** Whether {@code value} is one the setting may hold, in the spelling it is stored in. */
	public static boolean valid(Setting setting, String value) {
		if (value == null) {
			return false;
		}
		return switch (setting) {
			case EMAIL_CODES, SINGLE_SESSION -> value.equals("true") || value.equals("false");
			case DEFAULT_LANGUAGE -> Language.of(value).map((language) -> language.code().equals(value)).orElse(false);
			case CLIENT_ADDRESS -> AddressMode.of(value).isPresent();
			case CLIENT_ADDRESS_HEADER -> validHeaderName(value);
			default -> {
				Integer number = parseNumber(setting, value);
				yield number != null && String.valueOf(number).equals(value);
			}
		};
	}

	/** A flag setting. */
	public boolean flag(Setting setting, boolean configured) {
		return effective(setting).map((value) -> switch (value) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> null;
		}).orElse(configured);
	}

	/** A number setting. */
	public int number(Setting setting, int configured) {
		return effective(setting).map((value) -> parseNumber(setting, value)).orElse(configured);
	}

	/** A setting in days, for a property that is a duration. */
	public Duration days(Setting setting, Duration configured) {
		return effective(setting).map((value) -> parseNumber(setting, value))
			.map((days) -> Duration.ofDays(days))
			.orElse(configured);
	}

	/** Whether email codes are offered as a second factor. */
	public boolean emailCodes(boolean configured) {
		return flag(Setting.EMAIL_CODES, configured);
	}

	/** Whether completing a sign-in ends the person's other sessions. */
	public boolean singleSession(boolean configured) {
		return flag(Setting.SINGLE_SESSION, configured);
	}

	/** How long a trusted browser skips the second factor. */
	public Duration trustedBrowser(Duration configured) {
		return days(Setting.TRUSTED_BROWSER_DAYS, configured);
	}

	/** How long audit entries are kept; zero keeps them for ever. */
	public Duration auditRetention(Duration configured) {
		return days(Setting.AUDIT_RETENTION_DAYS, configured);
	}

	/** The shortest acceptable password. */
	public int passwordMinLength(int configured) {
		return number(Setting.PASSWORD_MIN_LENGTH, configured);
	}

	/** The code of the language of pages for a browser without a preference we have. */
	public String defaultLanguage(String configured) {
		return effective(Setting.DEFAULT_LANGUAGE).filter((code) -> Language.of(code).isPresent()).orElse(configured);
	}

	/** How the client address is found; read through the cache on every request. */
	public ClientAddressResolution clientAddress() {
		AddressMode mode = AddressMode.of(text(Setting.CLIENT_ADDRESS)).orElse(AddressMode.DIRECT);
		String header = text(Setting.CLIENT_ADDRESS_HEADER);
		if (header == null || !validHeaderName(header)) {
			header = ClientAddressResolution.DIRECT.header();
		}
		String hopsText = text(Setting.PROXY_HOPS);
		Integer hops = (hopsText != null) ? parseNumber(Setting.PROXY_HOPS, hopsText) : null;
		return new ClientAddressResolution(mode, header, (hops != null) ? hops : 1);
	}

	/** Whether {@code name} is an HTTP header name (token characters, at most 64). */
	public static boolean validHeaderName(String name) {
		return name != null && HEADER_NAME.matcher(name).matches();
	}

	/** A setting with no property class: the environment variable, the stored row, the property. */
	private String text(Setting setting) {
		return effective(setting).orElseGet(() -> (this.environment != null)
				? this.environment.getProperty(setting.property()) : null);
	}

	/** The number {@code value} holds when it is within the setting's bounds; null otherwise. */
	public static Integer parseNumber(Setting setting, String value) {
		if (value == null || !value.strip().matches("[0-9]{1,9}")) {
			return null;
		}
		int number = Integer.parseInt(value.strip());
		return (number >= setting.min() && number <= setting.max()) ? number : null;
	}

}
