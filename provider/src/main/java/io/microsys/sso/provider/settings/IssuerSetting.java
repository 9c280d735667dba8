package io.microsys.sso.provider.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The issuer (the provider's public URL) as the first-run setup stores it ({@code provider.issuer}
 * in the settings table). Every token, the discovery document, the protocol paths and the links in
 * email are made from {@link ProviderProperties#getIssuer()} when the provider starts, so a stored
 * issuer takes effect at the next start of each node, never half-way: {@link Apply} sets it on
 * {@link ProviderProperties} before any bean reads it. The environment variable
 * {@code MICROSYS_SSO_ISSUER} wins over the stored value; the stored value wins over the
 * {@code microsys.sso.issuer} property. A stored value that is not a valid issuer is ignored.
 */
public final class IssuerSetting {

	/** The stored setting's key. */
	public static final String KEY = "provider.issuer";

	/** The property (and, relaxed, the environment variable) that sets the issuer. */
	public static final String PROPERTY = "microsys.sso.issuer";

	/** At most this long: it is in every token. */
	public static final int MAX_LENGTH = 200;

	private static final Logger logger = LoggerFactory.getLogger(IssuerSetting.class);

	private IssuerSetting() {
	}

	/**
	 * Why {@code value} cannot be the issuer, if it cannot: {@code invalid} (not an absolute
	 * {@code http(s)} URL with a host and nothing but printable ASCII), {@code https} ({@code http}
	 * on a host other than the local one), {@code query} (a query, fragment or user name),
	 * {@code path} (no path: the protocol lives under it, e.g. {@code /o}, the pages beside it).
	 */
	public static Optional<String> problem(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
				|| !value.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			return Optional.of("invalid");
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return Optional.of("invalid");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
				|| !(scheme.equals("http") || scheme.equals("https"))) {
			return Optional.of("invalid");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
				|| value.contains("?") || value.contains("#")) {
			return Optional.of("query");
		}
		if (scheme.equals("http") && !isLocal(uri.getHost())) {
			return Optional.of("https");
		}
		String path = uri.getRawPath();
		if (path == null || path.isEmpty() || path.equals("/") || path.contains("//") || path.contains("/./")
				|| path.contains("/../") || path.endsWith("/.") || path.endsWith("/..")) {
			return Optional.of("path");
		}
		return Optional.empty();
	}

	/** Whether {@code host} is this machine (where plain {@code http} is allowed, for trying it out). */
	static boolean isLocal(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.endsWith(".localhost") || name.equals("127.0.0.1")
				|| name.equals("[::1]");
	}

	/** The issuer as a stored value: without a trailing slash. */
	public static String normalized(String value) {
		String trimmed = value.trim();
		return (trimmed.endsWith("/") && trimmed.length() > 1) ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

	/**
	 * The issuer to start with: {@code configured} when an environment variable fixes it or nothing
	 * valid is stored, else the stored value.
	 */
	static String effective(String configured, Optional<String> stored, EnvironmentOverrides overrides) {
		if (overrides.isFixed(PROPERTY) || stored.isEmpty()) {
			return configured;
		}
		if (problem(stored.get()).isPresent()) {
			logger.warn("The stored issuer ({}) is not a valid issuer; starting with {}", stored.get(), configured);
			return configured;
		}
		return stored.get();
	}

	/**
	 * Reads the stored issuer with a connection of its own, before the application's data source
	 * exists: empty when there is none yet (a fresh database has no settings table).
	 */
	static Optional<String> read(Environment environment) {
		String url = environment.getProperty("spring.datasource.url");
		if (url == null || url.isBlank()) {
			return Optional.empty();
		}
		if (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.contains("IFEXISTS")) {
			url = url + ";IFEXISTS=TRUE"; // a first start must not create the database here
		}
		try (Connection connection = DriverManager.getConnection(url,
				environment.getProperty("spring.datasource.username"),
				environment.getProperty("spring.datasource.password"));
				PreparedStatement statement = connection
					.prepareStatement("SELECT setting_value FROM sso_setting WHERE setting_key = ?")) {
			statement.setString(1, KEY);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? Optional.ofNullable(rows.getString(1)).filter((v) -> !v.isBlank())
						: Optional.empty();
			}
		}
		catch (SQLException ex) {
			logger.debug("No stored issuer read: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	/** Sets the stored issuer on {@link ProviderProperties} as soon as it is bound. */
	static class Apply implements BeanPostProcessor, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof ProviderProperties properties) {
				String issuer = effective(properties.getIssuer(), read(this.environment),
						new EnvironmentOverrides(this.environment));
				if (!issuer.equals(properties.getIssuer())) {
					logger.info("Issuer {} (stored by the setup)", issuer);
					properties.setIssuer(issuer);
				}
			}
			return bean;
		}

	}

}
