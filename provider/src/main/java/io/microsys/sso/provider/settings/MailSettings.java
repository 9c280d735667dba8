package io.microsys.sso.provider.settings;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The mail server the provider sends through, as every node sees it: each field is the environment
 * variable when one is set ({@code SPRING_MAIL_HOST}…), else the value stored from
 * {@code /sys/settings/mail} (keys {@code mail.*} in {@link StoredSettings}), else the
 * {@code spring.mail.*} / {@code microsys.sso.mail.from} property. A stored empty host means "no
 * mail server". The password stays as stored (encrypted with the master key, Base64); the mail
 * package opens it.
 */
@Component
public class MailSettings {

	/** Keys of the stored settings. */
	public static final String HOST = "mail.host";

	public static final String PORT = "mail.port";

	public static final String TLS = "mail.tls";

	public static final String USERNAME = "mail.username";

	public static final String PASSWORD = "mail.password";

	public static final String FROM = "mail.from";

	/** The property each stored key stands for (its default, and whose variable fixes it). */
	public static final Map<String, String> PROPERTIES = Map.of(HOST, "spring.mail.host", PORT, "spring.mail.port",
			TLS, "spring.mail.protocol", USERNAME, "spring.mail.username", PASSWORD, "spring.mail.password", FROM,
			"microsys.sso.mail.from");

	/** The master-key context the stored password is sealed with. */
	public static final String PASSWORD_CONTEXT = "setting:mail.password";

	private static final String DEFAULT_FROM = "Microsys SSO <no-reply@localhost>";

	private static final Pattern HOST_NAME = Pattern
		.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

	private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]{2,45}\\]?");

	private final StoredSettings stored;

	private final EnvironmentOverrides overrides;

	private final Environment environment;

	public MailSettings(StoredSettings stored, EnvironmentOverrides overrides, Environment environment) {
		this.stored = stored;
		this.overrides = overrides;
		this.environment = environment;
	}

	/** The settings in effect now (stored rows read at most {@link StoredSettings#CACHE} ago). */
	public Effective effective() {
		Map<String, String> rows = this.stored.all();
		boolean anyStored = PROPERTIES.keySet().stream().anyMatch(rows::containsKey);
		String host = blankToNull(value(rows, HOST));
		Integer port = port(value(rows, PORT));
		TlsMode tls = tls(rows);
		String username = blankToNull(value(rows, USERNAME));
		String plainPassword = null;
		String sealedPassword = null;
		if (this.overrides.isFixed(PROPERTIES.get(PASSWORD)) || !rows.containsKey(PASSWORD)) {
			plainPassword = blankToNull(this.environment.getProperty(PROPERTIES.get(PASSWORD)));
		}
		else {
			sealedPassword = blankToNull(rows.get(PASSWORD));
		}
		String from = blankToNull(value(rows, FROM));
		return new Effective(host, port, tls, username, plainPassword, sealedPassword,
				(from != null) ? from : DEFAULT_FROM, anyStored);
	}

	/** Whether a mail server is configured (a host is set). */
	public boolean isConfigured() {
		return effective().host() != null;
	}

	/** The environment variable fixing the setting stored under {@code key}, if one does. */
	public Optional<String> fixedBy(String key) {
		return this.overrides.variableFor(PROPERTIES.get(key));
	}

	private String value(Map<String, String> rows, String key) {
		String property = PROPERTIES.get(key);
		if (!this.overrides.isFixed(property) && rows.containsKey(key)) {
			return rows.get(key);
		}
		return this.environment.getProperty(property);
	}

	private TlsMode tls(Map<String, String> rows) {
		if (!this.overrides.isFixed(PROPERTIES.get(TLS)) && rows.containsKey(TLS)) {
			return TlsMode.of(rows.get(TLS)).orElse(TlsMode.NONE);
		}
		if ("smtps".equalsIgnoreCase(this.environment.getProperty("spring.mail.protocol"))) {
			return TlsMode.SMTPS;
		}
		return Boolean.parseBoolean(this.environment.getProperty("spring.mail.properties.mail.smtp.starttls.required"))
				? TlsMode.STARTTLS : TlsMode.NONE;
	}

	private static Integer port(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			int port = Integer.parseInt(value.trim());
			return (port >= 1 && port <= 65535) ? port : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	/** Whether {@code value} is a host name, an IPv4 address or an IPv6 address. */
	public static boolean isHost(String value) {
		if (value == null || value.isEmpty() || value.length() > 253) {
			return false;
		}
		if (IPV4.matcher(value).matches()) {
			return true;
		}
		if (value.contains(":")) {
			if (!IPV6.matcher(value).matches()) {
				return false;
			}
			try {
				String bare = value.startsWith("[") ? value.substring(1, value.length() - 1) : value;
				// A literal with a colon is parsed, never looked up.
				return java.net.InetAddress.getByName(bare) instanceof java.net.Inet6Address;
			}
			catch (java.net.UnknownHostException | StringIndexOutOfBoundsException ex) {
				return false;
			}
		}
		return HOST_NAME.matcher(value).matches() && !value.matches("[0-9.]+");
	}

	/** How the connection to the mail server is protected. */
	public enum TlsMode {

		/** Plain SMTP (a server on the same host or network). */
		NONE("none"),
		/** SMTP that must switch to TLS (STARTTLS) before anything is sent; usually port 587. */
		STARTTLS("starttls"),
		/** TLS from the first byte (SMTPS); usually port 465. */
		SMTPS("smtps");

		private final String value;

		TlsMode(String value) {
			this.value = value;
		}

		/** The stored and posted value. */
		public String value() {
			return this.value;
		}

		/** The mode named {@code value}, if it is one. */
		public static Optional<TlsMode> of(String value) {
			for (TlsMode mode : values()) {
				if (mode.value.equals((value != null) ? value.toLowerCase(Locale.ROOT) : null)) {
					return Optional.of(mode);
				}
			}
			return Optional.empty();
		}

	}

	/**
	 * The mail server in effect.
	 *
	 * @param host the host name or address, or null for no mail server
	 * @param port the port, or null for the mode's default (25 or 465)
	 * @param tls how the connection is protected
	 * @param username the user name to sign in with, or null for none
	 * @param plainPassword the password from the environment or properties, or null
	 * @param sealedPassword the stored password (Base64 of what the master key sealed), or null
	 * @param from the From address of every message
	 * @param anyStored whether any of these was stored from the console (else: the properties alone)
	 */
	public record Effective(String host, Integer port, TlsMode tls, String username, String plainPassword,
			String sealedPassword, String from, boolean anyStored) {

		/** Whether a password is set (from any source). */
		public boolean hasPassword() {
			return this.plainPassword != null || this.sealedPassword != null;
		}

		@Override
		public String toString() {
			// Never the password, not even sealed: records are easily logged.
			return "Effective[host=" + this.host + ", port=" + this.port + ", tls=" + this.tls + ", username="
					+ this.username + ", from=" + this.from + "]";
		}

	}

}
